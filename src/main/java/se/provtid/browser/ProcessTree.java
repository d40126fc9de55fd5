package se.provtid.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Finds a host's browser process and measures what its process tree really costs: PSS (proportional set
 * size, shared pages divided among their users) from /proc/<pid>/smaps_rollup. Linux only; elsewhere
 * nothing is found and memory is reported as unknown.
 */
final class ProcessTree {

    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    /** The pid of the process whose command line contains {@code marker} (the browser's own switch). */
    static OptionalLong findByArgument(String marker) {
        try (Stream<Path> dirs = Files.list(PROC)) {
            return dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> cmdline(p).contains(marker))
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
                    // The browser is the first of its tree to start; its children repeat no switches, but be safe.
                    .min();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The process and every descendant (renderers, zygotes, GPU and network services). */
    static List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            out.add(p.pid());
            p.descendants().forEach(d -> out.add(d.pid()));
        });
        return out;
    }

    /** PSS of the processes in KiB, summed; processes that ended meanwhile count nothing. */
    static long pssKib(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += pssKib(pid);
        }
        return sum;
    }

    static long pssKib(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Gone, or not ours to read.
        }
        return 0;
    }

    private static String cmdline(Path dir) {
        try {
            return new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
