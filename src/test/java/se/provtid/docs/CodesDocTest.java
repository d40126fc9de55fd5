package se.provtid.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import se.provtid.job.JobError;
import se.provtid.job.Notice;

/** Every code the server emits is in the tables of docs/api.md "Codes and parameters", so the tables cannot drift. */
class CodesDocTest {

    @Test
    void everyCodeIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs/api.md"));
        int from = doc.indexOf("## Codes and parameters");
        assertTrue(from >= 0, "docs/api.md has a section 'Codes and parameters'");
        String section = doc.substring(from, doc.indexOf("\n## ", from + 1));
        for (Notice.Code c : Notice.Code.values()) {
            assertTrue(section.contains("\n| `" + c.name() + "` |"), "status/slots code " + c + " has a table row");
        }
        for (String c : JobError.CODES) {
            assertTrue(section.contains("\n| `" + c + "` |"), "error code " + c + " has a table row");
        }
    }
}
