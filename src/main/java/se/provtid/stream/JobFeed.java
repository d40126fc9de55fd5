package se.provtid.stream;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import se.provtid.job.EventType;
import se.provtid.queue.ReactiveEventLog;
import se.provtid.queue.StoredEvent;
import se.provtid.queue.StreamIds;

/**
 * One job's live events in this process: a single reader of the job's Redis stream, woken by the notify channel
 * (and a slow poll), whose reads feed every local subscriber of the job. Readers cost Redis nothing each.
 */
final class JobFeed {

    private static final Logger LOG = Logger.getLogger(JobFeed.class);
    static final int BATCH = 100;
    /** How a status_update envelope written by JobEvents says the job waits for a scan. */
    private static final String AUTHENTICATING = "\"data\":{\"status\":\"authenticating\"";

    private final String jobId;
    private final ReactiveEventLog log;
    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    private Uni<String> started;
    private String cursor;
    private boolean reading;
    private boolean dirty;
    private boolean closed;
    private Runnable afterRead;
    private volatile long lastRead = System.currentTimeMillis();
    /** The snapshot a new subscriber gets (latest status, latest QR while authenticating), kept up to date. */
    private boolean snapshotKnown;
    private StoredEvent latestStatus;
    private StoredEvent latestQr;

    /** A new subscriber's snapshot from memory: the events and the stream id they are current at. */
    record Snapshot(String at, List<StoredEvent> events) {
    }

    JobFeed(String jobId, ReactiveEventLog log) {
        this.jobId = jobId;
        this.log = log;
    }

    String jobId() {
        return jobId;
    }

    /**
     * Completes once the feed knows where its live delivery starts (the stream's newest id when the first
     * subscriber came); its item is that stream id. A failed start is tried again by the next subscriber.
     */
    synchronized Uni<String> started() {
        if (started == null) {
            started = log.lastId(jobId).invoke(id -> {
                synchronized (this) {
                    cursor = id;
                }
                poke();
            }).onFailure().invoke(e -> {
                synchronized (this) {
                    started = null;
                }
            }).memoize().indefinitely();
        }
        return started;
    }

    /** The id of the newest event the feed has handed out (or started from); null before it started. */
    synchronized String cursor() {
        return cursor;
    }

    /** The snapshot as of the feed's position, or null until a first subscriber's read from Redis seeded it. */
    synchronized Snapshot snapshot() {
        if (!snapshotKnown) {
            return null;
        }
        List<StoredEvent> events = new ArrayList<>(2);
        if (latestStatus != null) {
            events.add(latestStatus);
        }
        if (latestQr != null) {
            events.add(latestQr);
        }
        events.sort(Comparator.comparing(StoredEvent::id, StreamIds::compare));
        return new Snapshot(cursor, events);
    }

    /** Keeps a snapshot read from Redis at stream id {@code at}, when that is where the feed stands. */
    synchronized void seed(String at, StoredEvent status, StoredEvent qr) {
        if (!snapshotKnown && at.equals(cursor)) {
            latestStatus = status;
            latestQr = qr;
            snapshotKnown = true;
        }
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
        // Under the feed's lock, so a new subscriber sees the snapshot, the cursor and its held events agree.
        synchronized (this) {
            for (StoredEvent e : events) {
                for (Subscription s : subscribers) {
                    s.offer(e);
                }
                remember(e);
            }
            if (!events.isEmpty()) {
                cursor = events.getLast().id();
            }
        }
        finishRead(events.size() == BATCH);
    }

    /** Keeps the snapshot current: the latest status; the latest QR frame only while the job is authenticating. */
    private void remember(StoredEvent e) {
        if (e.isFinal()) {
            snapshotKnown = false; // a finished job's snapshot is read from Redis (it ends with the final event)
        } else if (e.isQr()) {
            latestQr = e;
        } else if (EventType.status_update.name().equals(e.type())) {
            latestStatus = e;
            if (!e.stored().contains(AUTHENTICATING)) {
                latestQr = null;
            }
        }
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
