package se.provtid.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every Provtid setting in one typed tree; application.properties maps the environment names onto it. */
@ConfigMapping(prefix = "provtid")
public interface ProvtidConfig {

    /** Which parts run in this process: api, worker or all. */
    @WithDefault("all")
    Role role();

    /** HTTP API settings. */
    Api api();

    /** Queue and worker settings. */
    Worker worker();

    /** Browser fleet settings. */
    Browser browser();

    /** The booking site the adapter talks to. */
    Site site();

    /** The built-in simulator of the booking site and the BankID app. */
    Sim sim();

    /** Redis key layout. */
    Redis redis();

    /** Fleet-wide API rate limits, counted in Redis. */
    RateLimit rateLimit();

    /** Process roles. */
    enum Role {
        api, worker, all;

        public boolean runsApi() {
            return this != worker;
        }

        public boolean runsWorker() {
            return this != api;
        }
    }

    /** HTTP API settings. */
    interface Api {
        /** Bearer token every /api/v1 call must carry; required (see {@code StartupChecks}). */
        @WithName("secret-token")
        Optional<String> secretToken();

        /** Earlier values of the secret: tokens and sealed sessions made with them still open (for rotation). */
        Optional<List<String>> previousSecretTokens();

        /** How long the token in a job's stream_url stays valid (renew it with the bearer token). */
        @WithDefault("PT8M")
        Duration streamTokenTtl();

        /** How long a stream token still opens the stream after its job ended (for a reconnecting client). */
        @WithDefault("PT2M")
        Duration streamTokenGrace();

        /** Most open event streams of one job, in one process. */
        @WithDefault("5")
        int streamsPerJob();

        /** Most open event streams in one process. */
        @WithDefault("5000")
        int maxStreams();

        /** Refuse a start naming a place that is neither in the shipped catalogue nor ever listed by the site. */
        @WithDefault("true")
        boolean checkPlaces();

        /** Largest accepted request body, in bytes. */
        @WithDefault("65536")
        int maxBodyBytes();

        /** Public base URL used to build status_url and stream_url; empty means relative URLs. */
        Optional<String> publicBaseUrl();
    }

    /** Queue and worker settings. */
    interface Worker {
        /** Jobs that may run at once across the whole fleet (every worker process). */
        @WithDefault("10")
        int maxConcurrentJobs();

        /** Most jobs waiting in the queue; more are refused with 503 and Retry-After. */
        @WithDefault("1000")
        int maxQueuedJobs();

        /**
         * Jobs one worker process runs at once; unset: as many as this process's memory holds at
         * {@link #jobMemoryMib()} each (see {@code worker.ConcurrencySizing}), capped by {@link #maxConcurrentJobs()}.
         */
        Optional<Integer> concurrency();

        /** Memory one running job costs (MiB, measured: browser context and its share of the host), for sizing. */
        @WithDefault("48")
        int jobMemoryMib();

        /**
         * Jobs of this process that open the site and reach the BankID QR code at once (first come, first served);
         * 0: as many as the process has CPUs. The rest wait their turn, so early arrivals get their code first.
         */
        @WithDefault("0")
        int loginStartConcurrency();

        /** How a job follows the login while the person scans: polling from its context (page parked), or the page. */
        @WithDefault("context")
        LoginWait loginWait();

        /**
         * How a job reaches the BankID QR code: {@code auto} (the site's JSON calls from the context, no page rendered;
         * the page's way when the site answers that unexpectedly), {@code page} (the site's app in a page), {@code lean}
         * (the JSON calls, never a page). {@code LOGIN_WAIT=page} needs the page, and makes every login the page's way.
         */
        @WithDefault("auto")
        LoginMode loginMode();

        /** The ways of logging in (docs/architecture.md, "Logging in"). */
        enum LoginMode {
            auto, page, lean
        }

        /**
         * After a login fell back to the page's way, how long {@code LOGIN_MODE=auto} logs in the page's way directly
         * (with warm logins ready) before trying without the page again; 0: every login tries without it first.
         */
        @WithDefault("PT10M")
        Duration loginFallbackHold();

        /** How a job waits for the BankID scan. */
        enum LoginWait {
            /**
             * The page is parked once the order's start values are captured; the job polls the site's login status
             * itself, from the context's request API with its cookies, as often as the page would.
             */
            context,
            /** The page stays open and runs the site's app, which polls; the job listens to its polls. */
            page
        }

        /** How long a claimed job stays leased without a heartbeat. */
        @WithDefault("PT30S")
        Duration leaseDuration();

        /** How often a worker renews the leases of its jobs. */
        @WithDefault("PT10S")
        Duration heartbeatInterval();

        /** How often an idle worker looks for queued jobs. */
        @WithDefault("PT0.25S")
        Duration pollInterval();

        /** How long a stopping worker lets paying jobs finish (keep below Kubernetes' terminationGracePeriodSeconds). */
        @WithDefault("PT25S")
        Duration shutdownGrace();

        /** How long a person has to scan the QR code before the job expires. */
        @WithDefault("PT3M")
        Duration qrTimeout();

        /** Pause between two searches of the same job (jitter is added). */
        @WithDefault("PT20S")
        Duration searchInterval();

        /**
         * How jobs search: {@code fleet} (one fleet-wide plan; each freed slot handed to one job) or {@code job} (each
         * job searches its own places, as before).
         */
        @WithDefault("fleet")
        SearchMode searchMode();

        /** The two ways of searching (docs/architecture.md, "The search plan"). */
        enum SearchMode {
            fleet, job
        }

        /** How long a finished job stays in Redis. */
        @WithDefault("P7D")
        Duration retention();

        /** Most entries kept in one job's event stream. */
        @WithDefault("1000")
        int eventStreamMaxLength();
    }

    /** Browser fleet settings. */
    interface Browser {
        /** Run browsers without a window. */
        @WithDefault("true")
        boolean headless();

        /** Most browser processes (hosts) at once in one worker process. */
        @WithDefault("10")
        int maxInstances();

        /**
         * Most contexts (jobs) one browser host serves at once. Waiting and searching jobs have parked pages (a few
         * MiB each), and site calls do not use the host's thread, so a host carries many; fewer hosts, less memory.
         */
        @WithDefault("25")
        int contextsPerHost();

        /** Path of the Chromium executable; empty lets Playwright choose. */
        Optional<String> chromiumPath();

        /** Timeout of one Playwright action. */
        @WithDefault("PT15S")
        Duration actionTimeout();

        /** Engines to try, best first; an engine that cannot launch is skipped for the next one. */
        @WithDefault("chromium,firefox,webkit")
        List<String> engines();

        /** Path of the Firefox executable (Playwright's patched build); empty lets Playwright choose. */
        Optional<String> firefoxPath();

        /** Path of the WebKit executable (Playwright's build); empty lets Playwright choose. */
        Optional<String> webkitPath();

        /** A host takes no new contexts after serving this many (and stops once its last one closes). */
        @WithDefault("200")
        int retireAfterContexts();

        /** A host whose browser process tree uses more than this (PSS, MiB) takes no new contexts; 0 turns it off. */
        @WithDefault("2048")
        int memoryLimitMib();

        /** Longest wait for one call on a host's thread; a host that does not answer in time is replaced. */
        @WithDefault("PT60S")
        Duration callTimeout();

        /** How long a host without contexts is kept before it is stopped. */
        @WithDefault("PT2M")
        Duration idleHostLifetime();

        /** Extra Chromium switches (comma-separated), added to the ones every host uses. */
        Optional<List<String>> chromiumArgs();

        /** Close a job's page while it only calls the site's JSON (searching), keeping its context and cookies. */
        @WithDefault("true")
        boolean parkPages();

        /**
         * Chromium major versions this build was tested with ("150-160" or "156"): a worker logs its Chromium's version
         * at start and warns when it is outside (Debian's Chromium moves with Debian's updates).
         */
        @WithDefault("150-160")
        String chromiumTestedMajors();

        /** Hosts kept started with no contexts, ready for the next jobs, while this process runs workers. */
        @WithDefault("1")
        int minIdleHosts();

        /**
         * Contexts kept with the site's app already opened, for the logins that need a page ({@code LOGIN_MODE=page},
         * or {@code auto} after a fallback); unset: one per CPU; 0: none.
         */
        Optional<Integer> warmLogins();

        /** Abort a page's requests for images, fonts, media and analytics (a login page needs none of them). */
        @WithDefault("true")
        boolean blockResources();

        /** Chromium's sandbox: auto (on unless root; a failed sandboxed launch falls back, counted), required, off. */
        @WithDefault("auto")
        Sandbox sandbox();

        /** How hosts treat Chromium's sandbox. */
        enum Sandbox {
            /** In the sandbox, except as root (Chromium refuses it to root); without it only after it failed. */
            auto,
            /** Always in the sandbox: a browser that cannot start in it does not start. */
            required,
            /** Never in the sandbox. */
            off
        }
    }

    /** The booking site the adapter talks to. */
    interface Site {
        /** Base URL of the booking site; empty means this process's own simulator. */
        Optional<String> baseUrl();

        /** Requests per second the whole fleet sends to the site's JSON endpoints. */
        @WithDefault("2")
        double requestsPerSecond();

        /** Requests the fleet may send at once after a quiet spell. */
        @WithDefault("5")
        int burst();

        /** How long one request to the site may take before it counts as failed. */
        @WithDefault("PT20S")
        Duration requestTimeout();

        /** First fleet-wide pause after a 403 or 429; it doubles while they continue. */
        @WithDefault("PT1M")
        Duration blockedBackoff();

        /** Longest wait between two tries after a failure (timeouts, 5xx, maintenance). */
        @WithDefault("PT2M")
        Duration maxBackoff();
    }

    /** The built-in simulator. */
    interface Sim {
        /** Serve the simulator under /Boka and /sim (never in production). */
        @WithDefault("false")
        boolean enabled();

        /** How far behind the order's clock a scanned QR code may be. */
        @WithDefault("PT3S")
        Duration qrMaxAge();

        /** Personal number the simulated BankID app logs in with when a scan names none. */
        @WithDefault("199001012384")
        String defaultPersonalNumber();

        /** How long the site holds a reservation. */
        @WithDefault("PT15M")
        Duration reservationHold();

        /** How long after login the site forces a logout. */
        @WithDefault("PT30M")
        Duration sessionLifetime();
    }

    /** Redis key layout. */
    interface Redis {
        /** Prefix of every key Provtid writes. */
        @WithDefault("provtid")
        String keyPrefix();

        /**
         * Sentinels to ask for the primary ({@code host:port} or {@code redis://} URLs); when set, REDIS_URL is not
         * used and every connection pool follows a failover.
         */
        Optional<List<String>> sentinels();

        /** The name the sentinels monitor the primary under. */
        @WithDefault("mymaster")
        String sentinelMaster();

        /** Cluster mode: REDIS_URL lists seed nodes, and every key carries the installation's one hash tag. */
        @WithDefault("false")
        boolean cluster();

        /**
         * Replicas that must confirm a write that must not be lost (an accepted start, a payment about to be made,
         * a booking) before it counts as done; unset: 1 with sentinels, else 0 (none asked).
         */
        Optional<Integer> waitReplicas();

        /** How long such a write waits for its replicas before the call answers "unavailable" instead. */
        @WithDefault("PT0.5S")
        Duration waitTimeout();
    }

    /** Fleet-wide API rate limits, counted in Redis (every API process shares one budget). */
    interface RateLimit {
        /** Requests one client address may make to /api/v1 per window (streams excepted); 0 turns it off. */
        @WithDefault("100")
        int requests();

        /**
         * The window: a Duration (PT1M) or, as in the original design, a bare number of seconds (60), which Quarkus'
         * own Duration converter reads; StartupChecks refuses zero and less.
         */
        @WithDefault("PT1M")
        Duration window();

        /** Start calls one user_id may make per window; 0 turns it off. */
        @WithDefault("10")
        int startPerUser();

        /** Proxies (IPs or CIDRs) whose X-Forwarded-For is believed; empty: the TCP peer is the client. */
        Optional<List<String>> trustedProxies();
    }
}
