package se.provtid.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import se.provtid.job.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import se.provtid.job.EventType;
import se.provtid.job.Job;
import se.provtid.queue.EventLog;
import se.provtid.queue.EventNotifier;
import se.provtid.queue.JobStore;
import se.provtid.queue.StoredEvent;
import se.provtid.service.BookingService;

/** Server-Sent Events of one job, read from its Redis stream, so any API process can serve any job. */
@Path("/api/v1/booking/stream")
@RunOnVirtualThread
public class StreamResource {

    private static final Logger LOG = Logger.getLogger(StreamResource.class);
    private static final int BATCH = 100;
    private static final long KEEP_ALIVE_MS = 15_000;

    private final BookingService service;
    private final JobStore store;
    private final EventLog log;
    private final EventNotifier notifier;

    public StreamResource(BookingService service, JobStore store, EventLog log, EventNotifier notifier) {
        this.service = service;
        this.store = store;
        this.log = log;
        this.notifier = notifier;
    }

    @GET
    @Path("{jobId}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(@PathParam("jobId") String jobId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Job job = service.get(jobId);
        return Multi.createFrom().<OutboundSseEvent>emitter(out -> Thread.ofVirtual().name("sse-" + jobId)
                .start(() -> pump(job, lastEventId, sse, out)));
    }

    private void pump(Job job, String lastEventId, Sse sse, MultiEmitter<? super OutboundSseEvent> out) {
        String jobId = job.id();
        Semaphore wake = notifier.register(jobId);
        try {
            String cursor;
            if (lastEventId != null && StreamIds.valid(lastEventId)) {
                cursor = lastEventId;
            } else {
                cursor = log.lastId(jobId);
                for (StoredEvent e : snapshot(job, cursor)) {
                    out.emit(event(sse, e));
                    if (EventType.valueOf(e.type()).isFinal()) {
                        return;
                    }
                }
                if (job.status().isFinal()) {
                    return;
                }
            }
            long lastSend = System.currentTimeMillis();
            while (!out.isCancelled()) {
                List<StoredEvent> events = log.after(jobId, cursor, BATCH);
                for (StoredEvent e : events) {
                    out.emit(event(sse, e));
                    cursor = e.id();
                    lastSend = System.currentTimeMillis();
                    if (EventType.valueOf(e.type()).isFinal()) {
                        return;
                    }
                }
                if (events.size() == BATCH) {
                    continue;
                }
                if (System.currentTimeMillis() - lastSend > KEEP_ALIVE_MS) {
                    out.emit(sse.newEventBuilder().comment("keep-alive").build());
                    lastSend = System.currentTimeMillis();
                    String status = store.field(jobId, "status");
                    if (status == null || JobStatus.valueOf(status).isFinal() && log.after(jobId, cursor, 1).isEmpty()) {
                        return; // expired from Redis, or finished with nothing left to send
                    }
                }
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debugf("stream of %s ended: %s", jobId, e.toString());
        } finally {
            notifier.unregister(jobId, wake);
            out.complete();
        }
    }

    private static OutboundSseEvent event(Sse sse, StoredEvent e) {
        return sse.newEventBuilder().id(e.id()).name(e.type()).data(e.json()).build();
    }

    /** What a new subscriber sees first: the latest status and the latest QR frame (or the final events). */
    private List<StoredEvent> snapshot(Job job, String cursor) {
        List<StoredEvent> out = new ArrayList<>();
        String statusId = store.field(job.id(), "last_status_id");
        String qrId = store.field(job.id(), "last_qr_id");
        addIfUpTo(out, job.id(), statusId, cursor);
        if (job.status().isFinal()) {
            // The final event follows the final status update; send it so the subscriber sees the outcome.
            log.after(job.id(), statusId == null ? "0" : statusId, 5).stream()
                    .filter(e -> EventType.valueOf(e.type()).isFinal()).findFirst().ifPresent(out::add);
        } else {
            addIfUpTo(out, job.id(), qrId, cursor);
        }
        out.sort((a, b) -> StreamIds.compare(a.id(), b.id()));
        return out;
    }

    private void addIfUpTo(List<StoredEvent> out, String jobId, String id, String cursor) {
        if (id != null && StreamIds.compare(id, cursor) <= 0) {
            StoredEvent e = log.byId(jobId, id);
            if (e != null) {
                out.add(e);
            }
        }
    }
}
