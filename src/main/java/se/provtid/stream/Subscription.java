package se.provtid.stream;

import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayList;
import java.util.List;
import se.provtid.queue.StoredEvent;
import se.provtid.queue.StreamIds;

/**
 * One subscriber of a job's events: holds live events back while its catch-up from Redis runs, then sends each
 * event once, in stream order, and ends after the job's final event.
 */
final class Subscription {

    private final MultiEmitter<? super StoredEvent> out;
    private final List<StoredEvent> held = new ArrayList<>();
    private String cursor;
    private boolean live;
    private boolean done;
    private volatile long lastSent = System.currentTimeMillis();

    Subscription(MultiEmitter<? super StoredEvent> out) {
        this.out = out;
    }

    /** The id of the last event sent (or the point the subscriber resumes from); null before the catch-up. */
    synchronized String cursor() {
        return cursor;
    }

    synchronized void startAt(String id) {
        cursor = id;
    }

    /** A live event from the feed: held during the catch-up, then sent if newer than what was sent. */
    synchronized void offer(StoredEvent e) {
        if (!live) {
            held.add(e);
        } else {
            sendIfNew(e);
        }
    }

    /** An event of the catch-up, sent in order. */
    synchronized void catchUp(StoredEvent e) {
        sendIfNew(e);
    }

    /** Sends a snapshot event (older than the cursor the catch-up starts from). */
    synchronized void sendSnapshot(StoredEvent e) {
        send(e);
    }

    /** Ends the catch-up: sends what arrived meanwhile, then every live event as it comes. */
    synchronized void goLive() {
        live = true;
        for (StoredEvent e : held) {
            sendIfNew(e);
        }
        held.clear();
    }

    synchronized boolean done() {
        return done || out.isCancelled();
    }

    /** Sends a keep-alive when nothing was sent for this long. */
    void keepAliveIfIdle(long now, long idleMs) {
        if (now - lastSent >= idleMs) {
            synchronized (this) {
                if (!done) {
                    out.emit(JobFeeds.KEEP_ALIVE);
                    lastSent = now;
                }
            }
        }
    }

    boolean idleFor(long now, long ms) {
        return now - lastSent >= ms;
    }

    synchronized void end() {
        if (!done) {
            done = true;
            out.complete();
        }
    }

    private void sendIfNew(StoredEvent e) {
        if (done || cursor != null && StreamIds.compare(e.id(), cursor) <= 0) {
            return;
        }
        cursor = e.id();
        send(e);
    }

    private void send(StoredEvent e) {
        if (done) {
            return;
        }
        out.emit(e);
        lastSent = System.currentTimeMillis();
        if (e.isFinal()) {
            end();
        }
    }
}
