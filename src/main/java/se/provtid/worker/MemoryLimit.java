package se.provtid.worker;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How much memory this process may use: the tightest cgroup limit on its way to the root (cgroup v2
 * {@code memory.max} or v1 {@code memory.limit_in_bytes}), else the machine's physical memory ({@code MemTotal}).
 * Files are read under a root directory, so tests can hand it sample files.
 */
record MemoryLimit(long bytes, String source) {

    /** cgroup v1 writes a huge page-aligned number when there is no limit; anything this large means none. */
    private static final long V1_UNLIMITED = 1L << 60;

    /** This process's limit, read from the real /proc and /sys. */
    static MemoryLimit detect() {
        MemoryLimit l = detect(Path.of("/"));
        if (l.bytes() > 0) {
            return l;
        }
        // No /proc (not Linux): what the JVM reports as the machine's memory.
        return new MemoryLimit(((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize(), "physical memory (JVM)");
    }

    /** The limit as the files under {@code root} describe it ({@code root/proc/self/cgroup}, {@code root/sys/...}). */
    static MemoryLimit detect(Path root) {
        long physical = physical(root);
        Optional<MemoryLimit> cgroup = cgroup(root);
        if (cgroup.isPresent() && (physical <= 0 || cgroup.get().bytes() < physical)) {
            return cgroup.get();
        }
        return new MemoryLimit(physical, "physical memory");
    }

    /** The smallest limit among the memory cgroups this process belongs to (and their parents), if any. */
    static Optional<MemoryLimit> cgroup(Path root) {
        List<String> lines = lines(root.resolve("proc/self/cgroup"));
        MemoryLimit best = null;
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            MemoryLimit found = null;
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                // cgroup v2: the unified tree at /sys/fs/cgroup (or /sys/fs/cgroup/unified on hybrid machines).
                found = smallest(root, List.of("sys/fs/cgroup", "sys/fs/cgroup/unified"), parts[2], "memory.max",
                        "cgroup v2 memory.max");
            } else if (List.of(parts[1].split(",")).contains("memory")) {
                found = smallest(root, List.of("sys/fs/cgroup/memory"), parts[2], "memory.limit_in_bytes",
                        "cgroup v1 memory.limit_in_bytes");
            }
            if (found != null && (best == null || found.bytes() < best.bytes())) {
                best = found;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The smallest limit in {@code file} of the cgroup at {@code path} and each of its parents, under any mount. */
    private static MemoryLimit smallest(Path root, List<String> mounts, String path, String file, String what) {
        MemoryLimit best = null;
        for (String mount : mounts) {
            Path base = root.resolve(mount);
            String p = path.startsWith("/") ? path.substring(1) : path;
            while (true) {
                Path dir = p.isEmpty() ? base : base.resolve(p);
                long v = limitIn(dir.resolve(file));
                if (v > 0 && (best == null || v < best.bytes())) {
                    best = new MemoryLimit(v, what);
                }
                if (p.isEmpty()) {
                    break;
                }
                int slash = p.lastIndexOf('/');
                p = slash < 0 ? "" : p.substring(0, slash);
            }
        }
        return best;
    }

    /** A limit file's value in bytes; -1 when absent, unreadable, "max" or the v1 "no limit" number. */
    static long limitIn(Path file) {
        List<String> l = lines(file);
        if (l.isEmpty()) {
            return -1;
        }
        String v = l.getFirst().trim();
        if (v.isEmpty() || v.equals("max")) {
            return -1;
        }
        try {
            long bytes = Long.parseLong(v);
            return bytes <= 0 || bytes >= V1_UNLIMITED ? -1 : bytes;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code MemTotal} of {@code root/proc/meminfo} in bytes, or -1. */
    static long physical(Path root) {
        for (String line : lines(root.resolve("proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.substring(9).trim().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * 1024;
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return -1;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.isReadable(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
