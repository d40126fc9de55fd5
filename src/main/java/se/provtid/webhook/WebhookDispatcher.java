package se.provtid.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import se.provtid.queue.EventLog;
import se.provtid.queue.EventNotifier;
import se.provtid.queue.JobStore;
import se.provtid.queue.StreamIds;

/**
 * Finds deliveries to make and starts them: looks at a followed job when its stream grows (pub/sub notice) or when
 * its next look is due (retries, and a slow poll in case a notice was lost), and starts one virtual thread per
 * (job, endpoint) whose lease it gets. All state is in Redis, so any process may take over any delivery.
 */
@Singleton
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** How often due jobs are read from the follow set; the finest grain of the retry schedule in practice. */
    private static final long TICK_MS = 100;
    /** A caught-up job is looked at this often even without a notice, in case a notice was lost. */
    private static final long IDLE_LOOK_MS = 10_000;
    /** Looks at once: each is a few Redis calls, bounded so a large backlog cannot drain the connection pool. */
    private static final int MAX_LOOKS = 16;

    private final WebhookConfig config;
    private final WebhookSigner signer;
    private final DeliveryStore store;
    private final DeliveryLeases leases;
    private final PairDelivery delivery;
    private final EndpointResolver resolver;
    private final EventLog log;
    private final JobStore jobs;
    private final EventNotifier notifier;

    private final LinkedBlockingQueue<String> woken = new LinkedBlockingQueue<>();
    private final Set<String> looking = ConcurrentHashMap.newKeySet();
    private final Set<String> lookAgain = ConcurrentHashMap.newKeySet();
    private final Set<String> delivering = ConcurrentHashMap.newKeySet();
    private final Semaphore lookSlots = new Semaphore(MAX_LOOKS);
    private final Semaphore deliverySlots;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private volatile Thread loop;

    public WebhookDispatcher(WebhookConfig config, WebhookSigner signer, DeliveryStore store, DeliveryLeases leases,
            PairDelivery delivery, EndpointResolver resolver, EventLog log, JobStore jobs,
            EventNotifier notifier) {
        this.notifier = notifier;
        this.config = config;
        this.signer = signer;
        this.store = store;
        this.leases = leases;
        this.delivery = delivery;
        this.resolver = resolver;
        this.log = log;
        this.jobs = jobs;
        this.deliverySlots = new Semaphore(config.concurrency());
    }

    void start(@Observes StartupEvent ev) {
        if (!config.dispatcher()) {
            LOG.info("webhook dispatcher is off in this process (WEBHOOK_DISPATCHER=false)");
            return;
        }
        if (!signer.ready()) {
            LOG.error("WEBHOOK_SECRET is not set: webhooks are not sent by this process; they wait in Redis");
            return;
        }
        if (config.supabaseUrl().filter(s -> !s.isBlank()).isPresent()
                && config.supabaseSecretKey().filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("SUPABASE_WEBHOOK_URL is set without SUPABASE_SECRET_KEY: Supabase calls carry no apikey");
        }
        running = true;
        // The process's one subscription to stream growth; jobs are also polled, so a lost notice only delays.
        notifier.addListener(woken::offer);
        loop = Thread.ofVirtual().name("webhook-dispatcher").start(this::loop);
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether this process delivers webhooks. */
    public boolean running() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                for (String id : store.due(System.currentTimeMillis(), 256)) {
                    look(id);
                }
                String id = woken.poll(TICK_MS, TimeUnit.MILLISECONDS);
                while (id != null) {
                    look(id);
                    id = woken.poll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("webhook dispatcher: %s", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Looks at a job on a virtual thread; a job already being looked at here is looked at again afterwards. */
    private void look(String jobId) throws InterruptedException {
        if (!looking.add(jobId)) {
            lookAgain.add(jobId);
            return;
        }
        lookSlots.acquire();
        threads.execute(() -> {
            try {
                lookNow(jobId);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("webhook look at job %s failed: %s", jobId, e.toString());
                }
            } finally {
                lookSlots.release();
                looking.remove(jobId);
                if (lookAgain.remove(jobId)) {
                    woken.offer(jobId);
                }
            }
        });
    }

    private void lookNow(String jobId) {
        if (!store.followed(jobId)) {
            return; // finished meanwhile (or never ours): a stray wake-up
        }
        DeliveryStore.JobDeliveries d = store.load(jobId);
        if (d.finished()) {
            store.unfollow(jobId, d.endpoints());
            return;
        }
        List<Endpoint> endpoints = d.endpoints();
        if (endpoints == null) {
            endpoints = resolver.endpoints(jobId);
            if (endpoints == null) {
                store.unfollow(jobId, null); // the job is gone from Redis: nothing left to deliver
                return;
            }
            if (!store.saveEndpoints(jobId, endpoints)) {
                d = store.load(jobId); // another process was first: use its list
                endpoints = d.endpoints();
            }
        }
        String last = log.lastId(jobId);
        if (endpoints.isEmpty() || "0".equals(last) && jobs.status(jobId) == null) {
            store.unfollow(jobId, endpoints);
            return;
        }
        long now = System.currentTimeMillis();
        long next = Long.MAX_VALUE;
        boolean allDone = true;
        for (Endpoint ep : endpoints) {
            PairState st = d.pair(ep.id());
            if (st.done()) {
                continue;
            }
            allDone = false;
            boolean due = st.attempts() > 0 ? !st.waiting(now) : StreamIds.compare(last, st.cursor()) > 0;
            if (delivering.contains(DeliveryStore.member(jobId, ep))) {
                next = Math.min(next, now + leases.leaseMs()); // its end triggers a new look
            } else if (!due) {
                next = Math.min(next, st.attempts() > 0 ? st.nextAt() : now + IDLE_LOOK_MS);
            } else {
                next = Math.min(next, deliver(jobId, ep, now));
            }
        }
        if (allDone) {
            store.unfollow(jobId, endpoints);
        } else {
            store.reschedule(jobId, next);
        }
    }

    /** Starts delivering a pair when a slot and its lease are free; returns when to look at the job again. */
    private long deliver(String jobId, Endpoint ep, long now) {
        if (!deliverySlots.tryAcquire()) {
            return now + TICK_MS;
        }
        String token = leases.take(jobId, ep.id());
        if (token == null) {
            deliverySlots.release();
            return now + leases.leaseMs(); // another process delivers it; if it dies, its lease runs out by then
        }
        String pair = DeliveryStore.member(jobId, ep);
        delivering.add(pair);
        threads.execute(() -> {
            try {
                delivery.run(jobId, ep, token);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("webhook delivery of job %s to %s failed: %s", jobId, ep.redacted(), e.toString());
                }
            } finally {
                try {
                    leases.release(jobId, ep.id(), token);
                } catch (RuntimeException e) {
                    LOG.debugf("lease release failed (it expires anyway): %s", e.toString());
                }
                delivering.remove(pair);
                deliverySlots.release();
                woken.offer(jobId);
            }
        });
        return now + leases.leaseMs();
    }
}
