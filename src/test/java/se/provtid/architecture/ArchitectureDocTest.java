package se.provtid.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/architecture.md names every package and every Lua script in its tables, and nothing that is gone. */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of("src/main/java/se/provtid");
    private static final Path LUA = Path.of("src/main/resources/lua");
    /** A table row's first cell: {@code | `name` |}. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

    @Test
    void thePackageTableListsEveryPackage() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.walk(ROOT)) {
            dirs.filter(d -> !d.equals(ROOT) && Files.isDirectory(d) && hasJava(d))
                    .forEach(d -> packages.add(ROOT.relativize(d).toString().replace('/', '.')));
        }
        assertEquals(packages, rows(section("## Packages")), "docs/architecture.md, ## Packages");
    }

    @Test
    void theScriptTableListsEveryLuaScript() throws IOException {
        Set<String> scripts = new TreeSet<>();
        try (Stream<Path> files = Files.list(LUA)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".lua")).forEach(scripts::add);
        }
        assertEquals(scripts, rows(section("### Lua scripts")), "docs/architecture.md, ### Lua scripts");
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of one section of the document, up to the next heading of any level. */
    private static String section(String heading) throws IOException {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        int start = doc.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new AssertionError("docs/architecture.md has no heading " + heading);
        }
        int body = start + heading.length() + 2;
        Matcher next = Pattern.compile("(?m)^#").matcher(doc);
        return next.find(body) ? doc.substring(body, next.start()) : doc.substring(body);
    }

    private static Set<String> rows(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
