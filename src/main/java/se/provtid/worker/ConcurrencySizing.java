package se.provtid.worker;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * How many jobs this worker process runs at once: the explicit {@code WORKER_CONCURRENCY} when set, else as many as
 * its memory holds at the measured cost of a job and of a browser host, capped by {@code MAX_CONCURRENT_JOBS} and
 * by what the browser fleet may open. Pure arithmetic, so the choice and its reason can be tested.
 */
final class ConcurrencySizing {

    /** Of the memory limit, what jobs may plan on: the rest is slack for page cache, spikes and the kernel. */
    static final double USABLE_SHARE = 0.9;
    /** The JVM beyond its heap: metaspace, code cache, thread stacks, direct buffers (measured ~200 MiB, rounded up). */
    static final long JVM_NON_HEAP_MIB = 256;

    /** What the sizing is given. */
    record Inputs(OptionalInt explicit, long limitBytes, String limitSource, long jvmHeapBytes, int jobMib,
            int hostMib, int contextsPerHost, int maxHosts, int maxConcurrentJobs) {
    }

    /** The choice and one line saying why. */
    record Choice(int jobs, String reason) {
    }

    private ConcurrencySizing() {
    }

    static Choice choose(Inputs in) {
        if (in.explicit().isPresent()) {
            return new Choice(in.explicit().getAsInt(), "WORKER_CONCURRENCY=" + in.explicit().getAsInt() + " (set)");
        }
        long jvmMib = in.jvmHeapBytes() / MIB + JVM_NON_HEAP_MIB;
        long usableMib = (long) (in.limitBytes() / MIB * USABLE_SHARE) - jvmMib;
        int fits = fits(usableMib, in.jobMib(), in.hostMib(), in.contextsPerHost());
        int browserRoom = in.contextsPerHost() * in.maxHosts();
        int jobs = Math.max(1, Math.min(fits, Math.min(in.maxConcurrentJobs(), browserRoom)));
        String cap = jobs == 1 && fits < 1 ? "at least 1"
                : jobs == fits ? "what memory holds"
                : jobs == in.maxConcurrentJobs() ? "capped by MAX_CONCURRENT_JOBS=" + in.maxConcurrentJobs()
                : "capped by MAX_BROWSER_INSTANCES x BROWSER_CONTEXTS_PER_HOST=" + browserRoom;
        String reason = String.format(Locale.ROOT,
                "WORKER_CONCURRENCY unset: %s of %d MiB (%s) x %.0f%% minus the JVM's %d MiB (heap %d + %d) leaves %d MiB,"
                        + " room for %d jobs at WORKER_JOB_MEMORY=%d MiB each plus %d MiB per browser host of %d; %s",
                "memory limit", in.limitBytes() / MIB, in.limitSource(), USABLE_SHARE * 100, jvmMib,
                in.jvmHeapBytes() / MIB, JVM_NON_HEAP_MIB, Math.max(0, usableMib), Math.max(0, fits), in.jobMib(),
                in.hostMib(), in.contextsPerHost(), cap);
        return new Choice(jobs, reason);
    }

    /** The most jobs n with n x job + ceil(n / perHost) x host <= usable. */
    static int fits(long usableMib, int jobMib, int hostMib, int perHost) {
        if (usableMib <= 0 || jobMib <= 0 || perHost <= 0) {
            return 0;
        }
        // One full host's worth at a time, then the jobs a last, partly filled host still holds.
        long perFullHost = (long) jobMib * perHost + hostMib;
        long fullHosts = usableMib / perFullHost;
        long left = usableMib - fullHosts * perFullHost - hostMib;
        long extra = left <= 0 ? 0 : Math.min(perHost - 1, left / jobMib);
        return (int) Math.min(Integer.MAX_VALUE, fullHosts * perHost + extra);
    }

    private static final long MIB = 1024 * 1024;
}
