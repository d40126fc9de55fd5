package se.provtid.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.provtid.job.JobStatus;

/**
 * Every Lua script under resources/lua: a header in one form (a description, then under {@code Input:} one key and
 * one argument per line, then {@code Output:}) that declares exactly the keys and arguments its code reads, and no
 * state named in its code: the states come from {@link JobStatus} as arguments, so adding one touches no script.
 */
class LuaScriptSourcesTest {

    private static final Path LUA = Path.of("src/main/resources/lua");
    /** One declared key or argument at the start of a header line: {@code ARGV[3]}, or {@code ARGV[13...]} for the rest. */
    private static final Pattern DECLARED = Pattern.compile("^\\s*(KEYS|ARGV)\\[(\\d+)(\\.\\.\\.)?]");
    private static final Pattern USED = Pattern.compile("\\b(KEYS|ARGV)\\[(\\d+)]");

    /** A script's header and its code without comments. */
    private record Source(String name, String header, String code) {
    }

    @Test
    void everyScriptHasAHeaderWithInputAndOutput() throws IOException {
        for (Source s : sources()) {
            int input = s.header().indexOf("\n  Input:\n");
            int output = s.header().indexOf("\n  Output:\n");
            assertTrue(input > 0, s.name() + ": a description, then 'Input:'");
            assertTrue(output > input, s.name() + ": 'Output:' after 'Input:'");
            assertFalse(s.header().substring(output + 10).isBlank(), s.name() + ": says what it returns");
            for (String line : s.header().split("\n")) {
                Matcher m = USED.matcher(line);
                int n = 0;
                while (m.find()) {
                    n++;
                }
                assertTrue(n <= 1 || !DECLARED.matcher(line).find(), s.name() + ": one key or argument a line: " + line);
            }
        }
    }

    @Test
    void theHeaderDeclaresExactlyTheKeysAndArgumentsTheCodeReads() throws IOException {
        for (Source s : sources()) {
            for (String kind : List.of("KEYS", "ARGV")) {
                List<Integer> declared = new ArrayList<>();
                Integer rest = null;
                for (String line : s.header().split("\n")) {
                    Matcher m = DECLARED.matcher(line);
                    if (m.find() && m.group(1).equals(kind)) {
                        assertEquals(null, rest, s.name() + ": " + kind + "[n...] comes last");
                        int n = Integer.parseInt(m.group(2));
                        assertEquals(declared.size() + 1, n, s.name() + ": " + kind + " numbered in order from 1");
                        declared.add(n);
                        if (m.group(3) != null) {
                            rest = n;
                        }
                    }
                }
                Set<Integer> used = new TreeSet<>();
                Matcher m = USED.matcher(s.code());
                while (m.find()) {
                    if (m.group(1).equals(kind)) {
                        used.add(Integer.parseInt(m.group(2)));
                    }
                }
                for (int n : used) {
                    assertTrue(n <= declared.size() && (rest == null || n < rest),
                            s.name() + ": reads " + kind + "[" + n + "], which its header does not declare");
                }
                for (int n : declared) {
                    boolean read = rest != null && n == rest
                            ? Pattern.compile("unpack\\(" + kind + ", " + n + "\\)|= " + n + ", #" + kind)
                                    .matcher(s.code()).find()
                            : used.contains(n);
                    assertTrue(read, s.name() + ": declares " + kind + "[" + n + "] but never reads it");
                }
            }
        }
    }

    @Test
    void noScriptNamesAState() throws IOException {
        for (Source s : sources()) {
            for (JobStatus state : JobStatus.values()) {
                Matcher m = Pattern.compile("\\b" + state.name() + "\\b").matcher(s.code());
                assertFalse(m.find(), s.name() + " names the state '" + state + "': pass it from JobStatus instead");
            }
        }
    }

    @Test
    void theSourcesAreRead() throws IOException {
        // The checks above would pass on an empty directory.
        assertTrue(sources().size() >= 13);
        assertTrue(sources().stream().anyMatch(s -> s.name().equals("enqueue.lua") && s.code().contains("ARGV[13]")));
    }

    private static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(LUA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".lua")).sorted().toList()) {
                String text = Files.readString(f);
                String name = f.getFileName().toString();
                assertTrue(text.startsWith("--[[\n"), name + ": starts with its --[[ header");
                int end = text.indexOf("\n]]\n");
                assertTrue(end > 0, name + ": its header ends with ]] on a line of its own");
                String code = text.substring(end + 4).replaceAll("--[^\n]*", "");
                assertFalse(code.contains("--[["), name + ": one block comment, the header");
                out.add(new Source(name, text.substring(0, end), code));
            }
        }
        return out;
    }
}
