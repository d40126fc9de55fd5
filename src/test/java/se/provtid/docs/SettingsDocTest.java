package se.provtid.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/settings.md has a row for every environment setting application.properties reads, and none it does not. */
class SettingsDocTest {

    /** {@code ${NAME:default}} or {@code ${NAME}}: an environment name is upper case, unlike a property reference. */
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /** A table row whose first cell is one name in backticks. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|");

    @Test
    void everyEnvironmentSettingHasARow() throws IOException {
        Set<String> read = names(ENV, Files.readString(Path.of("src/main/resources/application.properties")));
        Set<String> documented = names(ROW, Files.readString(Path.of("docs/settings.md")));
        assertTrue(read.size() > 50, "the properties read " + read.size() + " names: " + read);
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(documented);
        assertEquals(Set.of(), missing, "settings without a row in docs/settings.md");
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(read);
        assertEquals(Set.of(), stale, "rows in docs/settings.md for settings application.properties does not read");
    }

    private static Set<String> names(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
