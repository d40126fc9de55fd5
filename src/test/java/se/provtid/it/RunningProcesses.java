package se.provtid.it;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The processes a test started (Redis servers, app processes), closed after it, the last started first. */
final class RunningProcesses implements AfterEachCallback {

    private final List<AutoCloseable> running = new ArrayList<>();

    /** Closes {@code process} after the test; returns it, so a start reads {@code x = running.track(start())}. */
    <T extends AutoCloseable> T track(T process) {
        running.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // The newest first: app processes stop before the Redis they use, as in production.
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }
}
