package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading this process's memory limit from sample cgroup v2, v1 and hybrid layouts, and /proc/meminfo. */
class MemoryLimitTest {

    private static final String MEMINFO = "MemTotal:       24576000 kB\nMemFree:        20000000 kB\n";
    private static final long PHYSICAL = 24576000L * 1024;

    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void cgroupV2LimitOfThisProcessesGroup() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
        write("sys/fs/cgroup/kubepods/pod1/ctr/memory.max", "2147483648\n");
        MemoryLimit l = MemoryLimit.detect(root);
        assertEquals(2147483648L, l.bytes());
        assertEquals("cgroup v2 memory.max", l.source());
    }

    @Test
    void cgroupV2TakesTheTightestAncestor() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "0::/a/b\n");
        write("sys/fs/cgroup/a/b/memory.max", "max\n");
        write("sys/fs/cgroup/a/memory.max", "1073741824\n");
        assertEquals(1073741824L, MemoryLimit.detect(root).bytes());
    }

    @Test
    void cgroupV2NamespacedRoot() throws IOException {
        // In a container with its own cgroup namespace the path is "/" and the limit sits at the mount's root.
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "0::/\n");
        write("sys/fs/cgroup/memory.max", "536870912\n");
        assertEquals(536870912L, MemoryLimit.detect(root).bytes());
    }

    @Test
    void cgroupV2WithoutLimitIsPhysicalMemory() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "0::/user.slice\n");
        write("sys/fs/cgroup/user.slice/memory.max", "max\n");
        MemoryLimit l = MemoryLimit.detect(root);
        assertEquals(PHYSICAL, l.bytes());
        assertEquals("physical memory", l.source());
    }

    @Test
    void cgroupV1Limit() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "9:name=systemd:/\n4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n");
        write("sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "4294967296\n");
        MemoryLimit l = MemoryLimit.detect(root);
        assertEquals(4294967296L, l.bytes());
        assertEquals("cgroup v1 memory.limit_in_bytes", l.source());
    }

    @Test
    void cgroupV1UnlimitedOnAHybridMachineIsPhysicalMemory() throws IOException {
        // This project's machines: v1 memory controller without a limit, and a unified tree without memory files.
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "4:memory:/process_api/5e9f\n1:cpu:/\n0::/\n");
        write("sys/fs/cgroup/memory/process_api/5e9f/memory.limit_in_bytes", "9223372036854771712\n");
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        write("sys/fs/cgroup/unified/cgroup.procs", "1\n");
        assertEquals(new MemoryLimit(PHYSICAL, "physical memory"), MemoryLimit.detect(root));
    }

    @Test
    void aLimitAbovePhysicalMemoryIsPhysicalMemory() throws IOException {
        write("proc/meminfo", MEMINFO);
        write("proc/self/cgroup", "0::/big\n");
        write("sys/fs/cgroup/big/memory.max", Long.toString(PHYSICAL * 2));
        assertEquals(PHYSICAL, MemoryLimit.detect(root).bytes());
    }

    @Test
    void garbageAndMissingFilesMeanNoLimit() throws IOException {
        write("proc/self/cgroup", "nonsense\n0::/x\n");
        write("sys/fs/cgroup/x/memory.max", "lots\n");
        assertEquals(-1, MemoryLimit.detect(root).bytes());
        assertEquals(-1, MemoryLimit.limitIn(root.resolve("nowhere")));
    }
}
