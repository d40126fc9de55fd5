package se.provtid.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Polling with a deadline and throwing temp trees away, for the Redis topologies the tests start. */
final class Waits {

    /** A condition that may ask a process (redis-cli) on the way. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws IOException, InterruptedException;
    }

    private Waits() {
    }

    /** Polls every 100 ms until the check holds; fails naming {@code what} after the timeout. */
    static void until(Check check, Duration timeout, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Deletes the tree, best effort: a file a dying process still writes must not fail the test. */
    static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Left in the temp directory; the next boot's tmp cleaning takes it.
        }
    }
}
