package se.provtid.stream;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import se.provtid.queue.ReactiveEventLog;
import se.provtid.queue.StoredEvent;

/**
 * One job's live events in this process: a single reader of the job's Redis stream, woken by the notify channel
 * (and a slow poll), whose reads feed every local subscriber of the job. Readers cost Redis nothing each.
 */
final class JobFeed {

    private static final Logger LOG = Logger.getLogger(JobFeed.class);
    static final int BATCH = 100;

    private final String jobId;
    private final ReactiveEventLog log;
    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    private final Uni<String> started;
    private String cursor;
    private boolean reading;
    private boolean dirty;
    private boolean closed;
    private Runnable afterRead;
    private volatile long lastRead = System.currentTimeMillis();

    JobFeed(String jobId, ReactiveEventLog log) {
        this.jobId = jobId;
        this.log = log;
        // Where live delivery starts: the stream's newest id when the first subscriber came.
        this.started = log.lastId(jobId).invoke(id -> {
            synchronized (this) {
                cursor = id;
            }
            poke();
        }).memoize().indefinitely();
    }

    String jobId() {
        return jobId;
    }

    /** Completes once the feed knows where its live delivery starts; its item is that stream id. */
    Uni<String> started() {
        return started;
    }

    /** The id of the newest event the feed has handed out (or started from); null before it started. */
    synchronized String cursor() {
        return cursor;
    }

    void add(Subscription s) {
        subscribers.add(s);
    }

    /** Removes a subscriber; true when none is left. */
    boolean remove(Subscription s) {
        subscribers.remove(s);
        return subscribers.isEmpty();
    }

    Set<Subscription> subscribers() {
        return subscribers;
    }

    synchronized void close() {
        closed = true;
    }

    long lastRead() {
        return lastRead;
    }

    /** Reads what the stream gained; a read already under way reads once more after it. */
    void poke() {
        synchronized (this) {
            dirty = true;
            if (reading || cursor == null || closed) {
                return;
            }
            reading = true;
        }
        read();
    }

    /** Reads what is left, then runs {@code action} (once). */
    void thenAfterRead(Runnable action) {
        synchronized (this) {
            afterRead = action;
        }
        poke();
    }

    private void read() {
        String from;
        synchronized (this) {
            dirty = false;
            from = cursor;
        }
        lastRead = System.currentTimeMillis();
        log.after(jobId, from, BATCH).subscribe().with(this::deliver, e -> {
            // Redis unreachable: the next notice or poll tries again.
            LOG.debugf("reading the stream of %s failed: %s", jobId, e.getClass().getName());
            synchronized (this) {
                reading = false;
            }
        });
    }

    private void deliver(List<StoredEvent> events) {
        for (StoredEvent e : events) {
            for (Subscription s : subscribers) {
                s.offer(e);
            }
        }
        if (!events.isEmpty()) {
            synchronized (this) {
                cursor = events.getLast().id();
            }
        }
        finishRead(events.size() == BATCH);
    }

    private void finishRead(boolean full) {
        Runnable after = null;
        boolean again;
        synchronized (this) {
            again = !closed && (full || dirty);
            if (!again) {
                reading = false;
                after = afterRead;
                afterRead = null;
            }
        }
        if (again) {
            read();
        } else if (after != null) {
            after.run();
        }
    }
}
