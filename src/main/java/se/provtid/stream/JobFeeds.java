package se.provtid.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import se.provtid.config.ProvtidConfig;
import se.provtid.job.Job;
import se.provtid.queue.EventNotifier;
import se.provtid.queue.ReactiveEventLog;
import se.provtid.queue.ReactiveJobStore;
import se.provtid.queue.StoredEvent;
import se.provtid.queue.StreamIds;

/**
 * Every job's live event stream in this process: one {@link JobFeed} per job with subscribers, shared by all of
 * them; a new subscriber first catches up from Redis (a snapshot, or from its Last-Event-ID), then goes live.
 */
@Singleton
public class JobFeeds {

    /** Emitted when nothing was sent for a while; the transport turns it into a keep-alive comment. */
    public static final StoredEvent KEEP_ALIVE = new StoredEvent("", "", "");
    static final long KEEP_ALIVE_MS = 15_000;
    /** How often a feed reads its stream without a notice: rarely while notices arrive, each second while not. */
    private static final long POLL_MS = 5_000;
    private static final long POLL_UNSUBSCRIBED_MS = 1_000;
    private static final long TICK_MS = 1_000;

    private final ReactiveEventLog log;
    private final ReactiveJobStore store;
    private final EventNotifier notifier;
    private final Vertx vertx;
    private final Map<String, JobFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final int perJob;
    private final int perProcess;
    private long timer = -1;

    public JobFeeds(ReactiveEventLog log, ReactiveJobStore store, EventNotifier notifier, Vertx vertx,
            ProvtidConfig config, MeterRegistry registry) {
        Gauge.builder("provtid.sse.streams", open, AtomicInteger::get).description("Open SSE streams in this process")
                .register(registry);
        this.log = log;
        this.store = store;
        this.notifier = notifier;
        this.vertx = vertx;
        this.perJob = config.api().streamsPerJob();
        this.perProcess = config.api().maxStreams();
    }

    void start(@Observes StartupEvent ev) {
        notifier.addListener(jobId -> {
            JobFeed f = feeds.get(jobId);
            if (f != null) {
                f.poke();
            }
        });
        timer = vertx.setPeriodic(TICK_MS, t -> tick());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        feeds.values().forEach(f -> f.subscribers().forEach(Subscription::end));
    }

    /** Open streams in this process. */
    public int openStreams() {
        return open.get();
    }

    /** Fails with {@link StreamLimitException} when a new stream of this job would be over a limit now. */
    public void admit(String jobId) {
        if (open.get() >= perProcess) {
            throw new StreamLimitException(StreamLimitException.Limit.PER_PROCESS, perProcess);
        }
        JobFeed f = feeds.get(jobId);
        if (f != null && f.subscribers().size() >= perJob) {
            throw new StreamLimitException(StreamLimitException.Limit.PER_JOB, perJob);
        }
    }

    /**
     * The job's events for one subscriber: without {@code lastEventId}, first the latest status and QR frame (or
     * the final events); with it, every event after it. Ends after the job's final event. Fails with
     * {@link StreamLimitException} when the job or this process has as many open streams as allowed.
     */
    public Multi<StoredEvent> subscribe(Job job, String lastEventId) {
        return Multi.createFrom().emitter(out -> {
            Subscription s = new Subscription(out);
            JobFeed feed;
            try {
                feed = join(job.id(), s);
            } catch (StreamLimitException e) {
                out.fail(e);
                return;
            }
            out.onTermination(() -> leave(feed, s));
            feed.started().flatMap(x -> StreamIds.valid(lastEventId) ? resume(job, s, lastEventId)
                    : snapshot(job, feed, s))
                    .flatMap(x -> reconcile(job.id(), feed, s))
                    .subscribe().with(x -> s.goLive(), e -> out.fail(e));
        });
    }

    private JobFeed join(String jobId, Subscription s) {
        if (open.incrementAndGet() > perProcess) {
            open.decrementAndGet();
            throw new StreamLimitException(StreamLimitException.Limit.PER_PROCESS, perProcess);
        }
        try {
            return feeds.compute(jobId, (id, f) -> {
                JobFeed feed = f == null ? new JobFeed(id, log) : f;
                if (feed.subscribers().size() >= perJob) {
                    throw new StreamLimitException(StreamLimitException.Limit.PER_JOB, perJob);
                }
                feed.add(s);
                return feed;
            });
        } catch (StreamLimitException e) {
            open.decrementAndGet();
            throw e;
        }
    }

    private void leave(JobFeed feed, Subscription s) {
        open.decrementAndGet();
        feeds.computeIfPresent(feed.jobId(), (id, f) -> {
            if (f == feed && f.remove(s)) {
                f.close();
                return null;
            }
            return f;
        });
    }

    /** From a Last-Event-ID: every event after it; a final job with nothing more to send ends at once. */
    private Uni<Void> resume(Job job, Subscription s, String lastEventId) {
        s.startAt(lastEventId);
        return readUpTo(job.id(), s, null).invoke(() -> {
            if (job.status().isFinal() && !s.done()) {
                s.end();
            }
        });
    }

    /**
     * Without one: the latest status, then the latest QR frame (or, for a final job, its final event). From the
     * feed's memory once a first subscriber's read seeded it, so a crowd of new subscribers costs Redis nothing.
     */
    private Uni<Void> snapshot(Job job, JobFeed feed, Subscription s) {
        JobFeed.Snapshot known = job.status().isFinal() ? null : feed.snapshot();
        if (known != null) {
            s.startAt(known.at());
            known.events().forEach(s::sendSnapshot);
            return Uni.createFrom().voidItem();
        }
        String id = job.id();
        return Uni.combine().all().unis(store.streamMarks(id), log.lastId(id)).asTuple().flatMap(t -> {
            ReactiveJobStore.StreamMarks marks = t.getItem1();
            String last = t.getItem2();
            s.startAt(last);
            if (marks == null) {
                s.end();
                return Uni.createFrom().voidItem();
            }
            List<Uni<StoredEvent>> parts = new ArrayList<>();
            parts.add(upTo(id, marks.lastStatusId(), last));
            if (job.status().isFinal()) {
                // The final event follows the final status update; send it so the subscriber sees the outcome.
                String statusId = marks.lastStatusId() == null ? "0" : marks.lastStatusId();
                parts.add(log.after(id, statusId, 5).map(l -> l.stream().filter(StoredEvent::isFinal).findFirst()
                        .orElse(null)));
            } else {
                parts.add(upTo(id, marks.lastQrId(), last));
            }
            return Uni.join().all(parts).andFailFast().invoke(events -> {
                events.stream().filter(e -> e != null).sorted(Comparator.comparing(StoredEvent::id, StreamIds::compare))
                        .forEach(s::sendSnapshot);
                if (job.status().isFinal()) {
                    s.end();
                } else {
                    feed.seed(last, events.get(0), events.get(1));
                }
            }).replaceWithVoid();
        });
    }

    private Uni<StoredEvent> upTo(String jobId, String id, String cursor) {
        return id != null && StreamIds.compare(id, cursor) <= 0 ? log.byId(jobId, id) : Uni.createFrom().nullItem();
    }

    /** Sends what lies between the subscriber's catch-up and the feed's live position, so nothing falls between. */
    private Uni<Void> reconcile(String jobId, JobFeed feed, Subscription s) {
        String feedAt = feed.cursor();
        if (s.done() || feedAt == null || StreamIds.compare(feedAt, s.cursor()) <= 0) {
            return Uni.createFrom().voidItem();
        }
        return readUpTo(jobId, s, feedAt).flatMap(x -> reconcile(jobId, feed, s));
    }

    /** Sends every event after the subscriber's cursor, up to {@code toId} (null: to the end), in batches. */
    private Uni<Void> readUpTo(String jobId, Subscription s, String toId) {
        if (s.done()) {
            return Uni.createFrom().voidItem();
        }
        Uni<List<StoredEvent>> batch = toId == null ? log.after(jobId, s.cursor(), JobFeed.BATCH)
                : log.between(jobId, s.cursor(), toId, JobFeed.BATCH);
        return batch.flatMap(events -> {
            events.forEach(s::catchUp);
            return events.size() == JobFeed.BATCH ? readUpTo(jobId, s, toId) : Uni.createFrom().voidItem();
        });
    }

    /** Polls feeds that heard nothing for a while, sends keep-alives, and ends streams of jobs that are over. */
    private void tick() {
        long now = System.currentTimeMillis();
        long pollMs = notifier.subscribed() ? POLL_MS : POLL_UNSUBSCRIBED_MS;
        for (JobFeed f : feeds.values()) {
            if (now - f.lastRead() >= pollMs) {
                f.poke();
            }
            boolean idle = false;
            for (Subscription s : f.subscribers()) {
                if (s.idleFor(now, KEEP_ALIVE_MS)) {
                    idle = true;
                    s.keepAliveIfIdle(now, KEEP_ALIVE_MS);
                }
            }
            if (idle) {
                endIfOver(f);
            }
        }
    }

    /** A job that expired from Redis, or is final with nothing left to send, ends its subscribers' streams. */
    private void endIfOver(JobFeed f) {
        store.streamMarks(f.jobId()).subscribe().with(marks -> {
            if (marks == null || marks.status().isFinal()) {
                f.thenAfterRead(() -> f.subscribers().forEach(Subscription::end));
            }
        }, e -> { });
    }
}
