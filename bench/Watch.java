import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The watch benchmark (bench/market.sh watch, issue 20) against a running app with the simulator: N people log in
 * as in the market benchmark, the simulator's sessions end after SESSION_SECONDS, and each person comes back (or
 * never does) after the job asks them to log in again; the market releases slots meanwhile. Prints one JSON line
 * ("watch {...}") and a markdown block for docs/benchmarks.md.
 *
 * <p>People: a share NEVER_SHARE of them (chosen up front with the seed, exactly round(N * share)) never scan again
 * after their first login. Every other person acts on every prompt: a job entering {@code watching} (its
 * {@code login_required}, or a re-login whose code timed out) or a {@code slot_available}. Each prompt draws a delay
 * from an exponential distribution with median RESCAN_MEDIAN_SECONDS (mean = median / ln 2); the person acts at the
 * earliest pending one: a watching job gets {@code POST /api/v1/booking/resume/{id}}, then the new login's code is
 * scanned; a job already logging in (after {@code slot_available}) has its new code scanned.
 *
 * <p>Events come from each job's SSE stream (opened with the bearer token, reopened with Last-Event-ID if it
 * drops): the codes to scan are only there, and a slot_available moves the job on to queued at once, which a poll
 * would miss.
 *
 * <p>Usage: Watch N MINUTES SESSION_SECONDS NEVER_SHARE RESCAN_MEDIAN_SECONDS RELEASES_PER_HOUR RIVAL_MEDIAN_SECONDS
 * GRACE_SECONDS QR_TIMEOUT_SECONDS APP_PID [SEED] | Watch selftest
 */
public class Watch {

    static final Set<String> FINAL = Set.of("completed", "failed", "cancelled", "expired");
    static final Set<String> LOGGING_IN = Set.of("queued", "starting", "authenticating");
    static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    static final Pattern NMT_HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB");

    static final Instant STARTED = Instant.now();
    static volatile boolean frozen; // people stop acting (the memory measurement at the end)

    record Ev(String type, Instant at, JsonNode data) {
    }

    record Prompt(String why, long atMs) {
    }

    static final class Person {
        final int index;
        final String number;
        final List<String> places;
        final LocalDate from;
        final LocalDate to;
        final boolean never;
        final Random random;
        String id;
        volatile String status;
        volatile String lastQr;
        volatile boolean ended;
        volatile boolean closed;
        volatile InputStream stream;
        volatile String lastEventId;
        final List<Ev> events = new CopyOnWriteArrayList<>();
        final Set<String> approved = Collections.synchronizedSet(new java.util.HashSet<>());
        final LinkedBlockingQueue<Prompt> prompts = new LinkedBlockingQueue<>();
        int promptsSeen;
        int actions;
        int resumes;
        int resumeRefused;
        int scans;
        final List<Double> delays = new ArrayList<>();

        Person(int index, String number, List<String> places, LocalDate from, LocalDate to, boolean never, long seed) {
            this.index = index;
            this.number = number;
            this.places = places;
            this.from = from;
            this.to = to;
            this.never = never;
            this.random = new Random(seed); // a seed drawn from the run's seed: neighbouring seeds start alike
        }

        boolean everSearched() {
            return events.stream().anyMatch(e -> e.type().equals("status_update")
                    && "searching".equals(e.data().path("status").asText()));
        }

        /** The job's status at an instant, from its status_update events (null before the job's first). */
        String statusAt(Instant t) {
            String s = null;
            for (Ev e : events) {
                if (e.type().equals("status_update") && !e.at().isAfter(t)) {
                    s = e.data().path("status").asText();
                }
            }
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("selftest")) {
            selftest();
            System.exit(0);
        }
        int n = Integer.parseInt(args[0]);
        double minutes = Double.parseDouble(args[1]);
        int sessionSeconds = Integer.parseInt(args[2]);
        double neverShare = Double.parseDouble(args[3]);
        double rescanMedian = Double.parseDouble(args[4]);
        double perHour = Double.parseDouble(args[5]);
        double rivalMedian = Double.parseDouble(args[6]);
        int grace = Integer.parseInt(args[7]);
        int qrTimeout = Integer.parseInt(args[8]);
        long appPid = Long.parseLong(args[9]);
        long seed = args.length > 10 ? Long.parseLong(args[10]) : 20;
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n", n);
        settings.put("minutes", minutes);
        settings.put("session_seconds", sessionSeconds);
        settings.put("never_share", neverShare);
        settings.put("rescan_median_s", rescanMedian);
        settings.put("rescan_delay", "exponential");
        settings.put("release_per_hour_per_place", perHour);
        settings.put("rival_median_s", rivalMedian);
        settings.put("grace_s", grace);
        settings.put("qr_timeout_s", qrTimeout);
        log("settings " + Bench.JSON.writeValueAsString(settings));

        // Nothing free, nothing released while people log in; sessions end after SESSION_SECONDS from the start.
        Bench.scenario("{\"market\": true, \"market_free_slots\": 0, \"release_per_hour\": 0, "
                + "\"rival_median_seconds\": 0, \"seed\": " + seed + ", \"session_lifetime_seconds\": " + sessionSeconds
                + "}");
        List<Person> people = people(n, neverShare, seed);
        for (Person p : people) {
            Thread.ofVirtual().start(() -> act(p, rescanMedian));
        }
        Instant loginStart = Instant.now();
        logIn(people);
        Instant loginEnd = Instant.now();
        log("logged in: " + people.stream().filter(Person::everSearched).count() + " of " + n + " in "
                + Duration.between(loginStart, loginEnd).toSeconds() + " s; " + counts(people));

        // The market.
        Map<String, Long> callsBefore = Market.requests();
        int releasedBefore = Market.releases().size();
        Instant t0 = Instant.now();
        Bench.scenario("{\"release_per_hour\": " + perHour + ", \"rival_median_seconds\": " + rivalMedian + "}");
        List<Integer> watchingSamples = new ArrayList<>();
        List<Double> windowRates = new ArrayList<>();
        long end = System.currentTimeMillis() + (long) (minutes * 60_000);
        Map<String, Long> last = callsBefore;
        long lastMs = System.currentTimeMillis();
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(30_000, Math.max(1, end - System.currentTimeMillis())));
            Map<String, Long> now = Market.requests();
            long nowMs = System.currentTimeMillis();
            windowRates.add(dataCalls(last, now) * 1000.0 / Math.max(1, nowMs - lastMs));
            last = now;
            lastMs = nowMs;
            int watching = (int) people.stream().filter(p -> "watching".equals(p.status)).count();
            watchingSamples.add(watching);
            log("t+" + Duration.between(t0, Instant.now()).toSeconds() + " s " + counts(people)
                    + String.format(" data calls/s %.2f", windowRates.getLast()));
        }
        Bench.scenario("{\"release_per_hour\": 0}");
        Instant t1 = Instant.now();
        Thread.sleep(grace * 1000L); // people go on, so that slots released at the end can be scanned for and booked
        Instant t2 = Instant.now();
        Map<String, Long> callsAfter = Market.requests();
        List<JsonNode> all = Market.releases();
        List<JsonNode> released = all.subList(Math.min(releasedBefore, all.size()), all.size()).stream()
                .filter(r -> !Instant.parse(r.path("released_at").asText()).isAfter(t1)).toList();
        double pace = pace();

        // Memory, with most jobs watching: people stop acting; logged-in jobs' sessions end, re-logins time out.
        frozen = true;
        Map<String, Object> memory = memory(people, appPid, sessionSeconds + qrTimeout + 60);

        Map<String, Object> out = new LinkedHashMap<>(settings);
        out.put("login_seconds", Duration.between(loginStart, loginEnd).toSeconds());
        out.put("logged_in", people.stream().filter(Person::everSearched).count());
        out.putAll(report(people, released, t0, t1));
        long dataCalls = dataCalls(callsBefore, callsAfter);
        long allCalls = 0;
        for (var e : callsAfter.entrySet()) {
            allCalls += e.getValue() - callsBefore.getOrDefault(e.getKey(), 0L);
        }
        double seconds = Duration.between(t0, t2).toMillis() / 1000.0;
        out.put("pace_per_s", pace);
        out.put("data_calls_per_s", round2(dataCalls / seconds));
        out.put("all_calls_per_s", round2(allCalls / seconds));
        out.put("data_calls_per_s_max_30s", windowRates.isEmpty() ? null
                : round2(windowRates.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        out.put("searches_per_s", round2((callsAfter.getOrDefault("occasion-bundles", 0L)
                - callsBefore.getOrDefault("occasion-bundles", 0L)) / seconds));
        out.put("watching_mean", watchingSamples.isEmpty() ? null
                : round2(watchingSamples.stream().mapToInt(Integer::intValue).average().orElse(0)));
        out.put("watching_max", watchingSamples.stream().mapToInt(Integer::intValue).max().orElse(0));
        out.put("self_collisions", Market.counter("self_collisions"));
        out.putAll(memory);
        System.out.println("watch " + Bench.JSON.writeValueAsString(out));
        System.out.println();
        System.out.println(markdown(out));
        System.exit(0);
    }

    // ---- people ----

    static List<Person> people(int n, double neverShare, long seed) {
        // The same draw of places as the market benchmark's first round (Market.logIn), so the people match.
        Random random = new Random(19);
        LocalDate today = LocalDate.now(Market.SWEDEN);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        Set<Integer> never = Set.copyOf(order.subList(0, (int) Math.round(n * neverShare)));
        Random seeds = new Random(seed);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> mine = new ArrayList<>(Market.PLACES);
            Collections.shuffle(mine, random);
            mine = List.copyOf(mine.subList(0, 1 + random.nextInt(3)));
            people.add(new Person(i, String.format("1990%02d01%04d", 1, 1000 + i), mine, today.plusDays(2),
                    today.plusDays(60), never.contains(i), seeds.nextLong()));
        }
        return people;
    }

    /** Exponential with the given median: mean = median / ln 2. */
    static double delaySeconds(Random r, double median) {
        return -Math.log(1 - r.nextDouble()) * median / Math.log(2);
    }

    /** A person: waits for prompts, and acts at the earliest of the delays they drew. */
    static void act(Person p, double median) {
        try {
            while (!p.ended && !p.closed) {
                Prompt first = p.prompts.poll(1, TimeUnit.SECONDS);
                if (first == null || p.never || frozen) {
                    continue;
                }
                long due = due(p, first, median);
                while (true) {
                    long wait = due - System.currentTimeMillis();
                    if (wait <= 0) {
                        break;
                    }
                    Prompt more = p.prompts.poll(wait, TimeUnit.MILLISECONDS);
                    if (more != null) {
                        due = Math.min(due, due(p, more, median));
                    }
                }
                if (frozen || p.ended) {
                    continue;
                }
                p.actions++;
                String status = p.status;
                String before = Bench.Job.order(p.lastQr);
                if ("watching".equals(status)) {
                    int code = resume(p.id);
                    if (code == 202) {
                        p.resumes++;
                    } else {
                        p.resumeRefused++;
                        log(p.id + " resume answered " + code + " (status " + p.status + ")");
                    }
                } else if (!loggingIn(status)) {
                    continue; // logged in again meanwhile (or ended): nothing to do
                } else {
                    before = ""; // a login already under way: its code is the one to scan
                }
                scanNext(p, before, Duration.ofSeconds(150));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log(p.id + " person stopped: " + e);
        }
    }

    static boolean loggingIn(String status) {
        return status == null || LOGGING_IN.contains(status); // null: no status seen yet, a fresh job
    }

    static boolean isFinal(String status) {
        return status != null && FINAL.contains(status);
    }

    static long due(Person p, Prompt prompt, double median) {
        double d = delaySeconds(p.random, median);
        p.promptsSeen++;
        p.delays.add(d);
        return prompt.atMs() + (long) (d * 1000);
    }

    /** Scans the first code of a login other than {@code notOrder} and not approved yet, as a person would. */
    static void scanNext(Person p, String notOrder, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end && !p.ended && !frozen) {
            String qr = p.lastQr;
            String order = Bench.Job.order(qr);
            if ("authenticating".equals(p.status) && !order.isEmpty() && !order.equals(notOrder)
                    && !p.approved.contains(order)) {
                int code = Bench.scan(qr, p.number);
                if (code == 200 || code == 409) {
                    p.approved.add(order);
                    if (code == 200) {
                        p.scans++;
                    }
                    return;
                }
                if (code == 404 || code == 410) {
                    p.approved.add(order); // gone: wait for the next login's code
                }
            } else if (!loggingIn(p.status)) {
                return;
            }
            Thread.sleep(300);
        }
    }

    static int resume(String id) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/api/v1/booking/resume/" + id))
                .header("Authorization", "Bearer " + Bench.token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    // ---- first login, as the market benchmark does ----

    static void logIn(List<Person> people) throws Exception {
        long hindrancesBefore = Market.requests().getOrDefault("booking-hindrances", 0L);
        for (int wave = 0; wave < people.size(); wave += 25) {
            List<Person> these = people.subList(wave, Math.min(people.size(), wave + 25));
            for (Person p : these) {
                start(p);
            }
            for (Person p : these) {
                scanNext(p, "", Duration.ofMinutes(5));
                if (p.approved.isEmpty()) {
                    log(p.id + " showed no code to scan within 5 minutes; saw " + statuses(p));
                }
            }
        }
        for (Person p : people) {
            long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            // A job that failed over to another browser meanwhile shows a new code: scan it as the person would.
            while (!p.everSearched() && !p.ended && System.nanoTime() < end) {
                scanNext(p, "", Duration.ofSeconds(1));
                Thread.sleep(300);
            }
            if (!p.everSearched()) {
                log(p.id + " never reached searching; saw " + statuses(p));
            }
        }
        // As in the market benchmark, the releases start once the jobs have read the site's places and hindrances;
        // a job whose session ended first reads them at its next login (never, for a never-returner), so the wait
        // also ends when no read came for 20 s.
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long seen = -1;
        long since = System.nanoTime();
        for (long now; (now = Market.requests().getOrDefault("booking-hindrances", 0L))
                < hindrancesBefore + people.size() && System.nanoTime() < deadline; ) {
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > Duration.ofSeconds(20).toNanos()) {
                break;
            }
            Thread.sleep(1_000);
        }
    }

    static void start(Person p) throws Exception {
        String body = Bench.JSON.writeValueAsString(Map.of("user_id", "watch-" + System.nanoTime() + "-" + p.index,
                "license_type", "B", "exam_type", "Körprov", "locations", p.places, "date_ranges",
                List.of(Map.of("start", p.from.toString(), "end", p.to.toString())), "auto_book", true,
                "priority", "normal"));
        HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/api/v1/booking/start"))
                .header("Authorization", "Bearer " + Bench.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("start answered " + r.statusCode() + ": " + r.body());
        }
        p.id = Bench.JSON.readTree(r.body()).path("job_id").asText();
        Thread.ofVirtual().start(() -> listen(p));
    }

    /** The job's SSE stream with the bearer token (no stream token to run out), reopened after a drop. */
    static void listen(Person p) {
        int failures = 0;
        while (!p.ended && !p.closed && failures < 30) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Bench.base + "/api/v1/booking/stream/" + p.id))
                        .header("Authorization", "Bearer " + Bench.token).header("Accept", "text/event-stream");
                if (p.lastEventId != null) {
                    b.header("Last-Event-ID", p.lastEventId);
                }
                HttpResponse<InputStream> r = Bench.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() == 404) {
                    r.body().close();
                    return; // removed from Redis
                }
                if (r.statusCode() != 200) {
                    r.body().close();
                    failures++;
                    Thread.sleep(1_000);
                    continue;
                }
                p.stream = r.body();
                read(p, new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)));
            } catch (Exception e) {
                failures++;
            }
            if (!p.ended && !p.closed) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static void read(Person p, BufferedReader in) throws Exception {
        String type = null;
        String id = null;
        String data = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                data = line.substring(5);
            } else if (line.isEmpty() && type != null && data != null) {
                dispatch(p, type, id, Bench.JSON.readTree(data));
                type = null;
                id = null;
                data = null;
            }
        }
    }

    static void dispatch(Person p, String type, String id, JsonNode envelope) {
        if (id != null) {
            p.lastEventId = id;
        }
        JsonNode d = envelope.path("data");
        if (type.equals("qr_code_update")) {
            p.lastQr = d.path("qr_payload").asText();
            return; // codes are not kept: 200 jobs x one a second
        }
        Instant at = envelope.hasNonNull("timestamp") ? Instant.parse(envelope.path("timestamp").asText())
                : Instant.now();
        p.events.add(new Ev(type, at, d));
        if (type.equals("status_update")) {
            String status = d.path("status").asText();
            p.status = status;
            if (status.equals("watching") && !frozen) {
                p.prompts.add(new Prompt("watching:" + d.path("code").asText(), System.currentTimeMillis()));
            }
            if (FINAL.contains(status)) {
                p.ended = true;
            }
        } else if (type.equals("slot_available") && !frozen) {
            p.prompts.add(new Prompt("slot_available", System.currentTimeMillis()));
        } else if (Set.of("booking_completed", "job_failed", "job_cancelled", "job_expired").contains(type)) {
            p.ended = true;
        }
    }

    static String statuses(Person p) {
        return p.events.stream().filter(e -> e.type().equals("status_update"))
                .map(e -> e.data().path("status").asText() + "/" + e.data().path("code").asText("")).toList().toString();
    }

    static Map<String, Long> counts(List<Person> people) {
        Map<String, Long> c = new TreeMap<>();
        for (Person p : people) {
            c.merge(String.valueOf(p.status), 1L, Long::sum);
        }
        return c;
    }

    // ---- the report ----

    static boolean fits(Person p, JsonNode r) {
        LocalDate date = LocalDate.parse(r.path("date").asText());
        return r.path("examination_type_id").asInt() == 12 && r.path("vehicle_type_id").asInt() == 2
                && p.places.contains(r.path("location").asText()) && !date.isBefore(p.from) && !date.isAfter(p.to);
    }

    static String slotKey(String location, String date, String time) {
        return location + "|" + date + "|" + time;
    }

    /** The booking id a job booked, from its booking_completed event (the job may be gone from Redis by now). */
    static String bookingId(Person p) {
        for (Ev e : p.events) {
            if (e.type().equals("booking_completed")) {
                return e.data().path("booking_result").path("booking_id").asText("");
            }
        }
        return "";
    }

    /** The figures from the releases of the market phase and the jobs' events. */
    static Map<String, Object> report(List<Person> people, List<JsonNode> released, Instant t0, Instant t1) {
        Map<String, Person> byBooking = new HashMap<>();
        for (Person p : people) {
            String b = bookingId(p);
            if (!b.isEmpty()) {
                byBooking.put(b, p);
            }
        }
        int fitted = 0;
        int caught = 0;
        int toRivals = 0;
        int fittedWatching = 0;
        int watchBooked = 0;
        int watchFittedByOthers = 0;
        int watchFittedToRivals = 0;
        int watchFittedNobody = 0;
        List<Double> watchReleaseToBooking = new ArrayList<>();
        List<Double> allReleaseToBooking = new ArrayList<>();
        List<Double> releaseToNotice = new ArrayList<>();
        List<Double> noticeToBooking = new ArrayList<>();
        for (JsonNode r : released) {
            Instant at = Instant.parse(r.path("released_at").asText());
            String takenBy = r.path("taken_by").asText("");
            Person taker = "provtid".equals(takenBy) ? byBooking.get(r.path("booking_id").asText()) : null;
            Instant takenAt = r.hasNonNull("taken_at") && !r.path("taken_at").asText().isEmpty()
                    ? Instant.parse(r.path("taken_at").asText()) : null;
            // A job fits a release if it wants the slot and was alive then (started, not ended; not booked before).
            List<Person> fitting = people.stream().filter(p -> fits(p, r)).filter(p -> {
                String s = p.statusAt(at);
                return s != null && !FINAL.contains(s);
            }).toList();
            if (fitting.isEmpty()) {
                continue;
            }
            fitted++;
            if (taker != null) {
                caught++;
                if (takenAt != null) {
                    allReleaseToBooking.add(seconds(at, takenAt));
                }
            } else if ("rival".equals(takenBy)) {
                toRivals++;
            }
            String key = slotKey(r.path("location").asText(), r.path("date").asText(), r.path("time").asText());
            boolean watcherFits = fitting.stream().anyMatch(p -> "watching".equals(p.statusAt(at)));
            Instant noticed = taker == null ? null : notice(taker, key, at);
            boolean byWatcher = taker != null && ("watching".equals(taker.statusAt(at)) || noticed != null);
            if (watcherFits || byWatcher) {
                fittedWatching++;
                if (byWatcher) {
                    watchBooked++;
                    if (takenAt != null) {
                        watchReleaseToBooking.add(seconds(at, takenAt));
                        if (noticed != null) {
                            releaseToNotice.add(seconds(at, noticed));
                            noticeToBooking.add(seconds(noticed, takenAt));
                        }
                    }
                } else if (taker != null) {
                    watchFittedByOthers++;
                } else if ("rival".equals(takenBy)) {
                    watchFittedToRivals++;
                } else {
                    watchFittedNobody++;
                }
            }
        }
        // Every notice of the phase, and what came of it.
        int notices = 0;
        int noticesBooked = 0;
        int noticesScanned = 0;
        for (Person p : people) {
            String booked = bookingId(p);
            for (int i = 0; i < p.events.size(); i++) {
                Ev e = p.events.get(i);
                if (!e.type().equals("slot_available") || e.at().isBefore(t0)) {
                    continue;
                }
                notices++;
                String key = noticeKey(e.data());
                for (JsonNode r : released) {
                    if (r.path("booking_id").asText("").equals(booked) && !booked.isEmpty() && key.equals(slotKey(
                            r.path("location").asText(), r.path("date").asText(), r.path("time").asText()))) {
                        noticesBooked++;
                    }
                }
                // Logged in after the notice, before the next prompt: the person scanned in time.
                for (int k = i + 1; k < p.events.size(); k++) {
                    Ev next = p.events.get(k);
                    if (next.type().equals("status_update")) {
                        String s = next.data().path("status").asText();
                        if (s.equals("searching") || s.equals("reserving") || s.equals("booking")
                                || s.equals("completed")) {
                            noticesScanned++;
                            break;
                        }
                        if (s.equals("watching") || FINAL.contains(s)) {
                            break;
                        }
                    }
                }
            }
        }
        Map<String, Long> finals = new TreeMap<>();
        for (Person p : people) {
            finals.merge(String.valueOf(p.status), 1L, Long::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("releases", released.size());
        out.put("fitted", fitted);
        out.put("caught", caught);
        out.put("to_rivals", toRivals);
        out.put("catch_rate", fitted == 0 ? null : Math.round(1000.0 * caught / fitted) / 1000.0);
        out.put("release_to_booking_p50_s", percentile(allReleaseToBooking, 0.5));
        out.put("release_to_booking_p95_s", percentile(allReleaseToBooking, 0.95));
        out.put("fitted_watching", fittedWatching);
        out.put("watch_booked", watchBooked);
        out.put("watch_fitted_booked_by_others", watchFittedByOthers);
        out.put("watch_fitted_to_rivals", watchFittedToRivals);
        out.put("watch_fitted_nobody", watchFittedNobody);
        out.put("watch_release_to_booking_p50_s", percentile(watchReleaseToBooking, 0.5));
        out.put("watch_release_to_booking_p95_s", percentile(watchReleaseToBooking, 0.95));
        out.put("watch_release_to_notice_p50_s", percentile(releaseToNotice, 0.5));
        out.put("watch_notice_to_booking_p50_s", percentile(noticeToBooking, 0.5));
        out.put("slot_available", notices);
        out.put("slot_available_scanned", noticesScanned);
        out.put("slot_available_booked", noticesBooked);
        out.put("login_required", people.stream().mapToLong(p -> p.events.stream()
                .filter(e -> e.type().equals("login_required")).count()).sum());
        out.put("qr_timeouts_to_watching", people.stream().mapToLong(p -> p.events.stream()
                .filter(e -> e.type().equals("status_update") && "watching".equals(e.data().path("status").asText())
                        && "qr_timeout".equals(e.data().path("code").asText())).count()).sum());
        out.put("prompts", people.stream().mapToInt(p -> p.promptsSeen).sum());
        out.put("resumes", people.stream().mapToInt(p -> p.resumes).sum());
        out.put("resumes_refused", people.stream().mapToInt(p -> p.resumeRefused).sum());
        out.put("rescans", people.stream().mapToInt(p -> p.scans).sum() - people.stream()
                .filter(p -> !p.approved.isEmpty()).count());
        List<Double> delays = people.stream().flatMap(p -> p.delays.stream()).sorted().toList();
        out.put("rescan_delay_p50_s", percentile(delays, 0.5));
        out.put("never_returners", people.stream().filter(p -> p.never).count());
        out.put("statuses_at_end", finals);
        return out;
    }

    /** When the job was told of this slot (slot_available) after its release, or null. */
    static Instant notice(Person p, String key, Instant released) {
        for (Ev e : p.events) {
            if (e.type().equals("slot_available") && !e.at().isBefore(released) && key.equals(noticeKey(e.data()))) {
                return e.at();
            }
        }
        return null;
    }

    /** The slot of a slot_available: its {@code slot}, else its {@code params} (the contract has both). */
    static String noticeKey(JsonNode data) {
        JsonNode s = data.path("slot").has("location") ? data.path("slot") : data.path("params");
        return slotKey(s.path("location").asText(), s.path("date").asText(), s.path("time").asText());
    }

    static double seconds(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1000.0;
    }

    static Double percentile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        return Market.percentile(sorted, q);
    }

    static double round2(double v) {
        return Math.round(100.0 * v) / 100.0;
    }

    static long dataCalls(Map<String, Long> before, Map<String, Long> after) {
        long d = 0;
        for (var e : after.entrySet()) {
            if (!Market.HOUSEKEEPING.contains(e.getKey())) {
                d += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return d;
    }

    static double pace() throws Exception {
        JsonNode h = Bench.JSON.readTree(Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base
                + "/health/detailed")).header("Authorization", "Bearer " + Bench.token).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return h.path("site").path("requests_per_second").asDouble(Double.NaN);
    }

    // ---- memory per watching job ----

    /**
     * Waits (up to {@code maxSeconds}) until at least 90 % of the jobs not ended are watching, then measures the
     * app three times: with the benchmark's SSE streams open, with them closed, and after the watching jobs are
     * cancelled. Per watching job = (closed - cancelled) / watching jobs cancelled, for the JVM's live heap after a
     * full GC plus its native memory outside the heap (NMT committed, -XX:NativeMemoryTracking=summary), and for the
     * JVM's RSS and the whole process tree's PSS as checks.
     */
    static Map<String, Object> memory(List<Person> people, long appPid, int maxSeconds) throws Exception {
        Bench.scenario("{\"release_per_hour\": 0}");
        // The site's forced logout for everyone now (POST /sim/admin/logouts, issue 20's simulator), rather than
        // waiting for each session's end; re-logins under way still end at QR_TIMEOUT.
        HttpResponse<String> lo = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/sim/admin/logouts"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        log("logouts answered " + lo.statusCode() + " " + lo.body());
        long end = System.currentTimeMillis() + maxSeconds * 1000L;
        while (System.currentTimeMillis() < end) {
            long alive = people.stream().filter(p -> p.status != null && !isFinal(p.status)).count();
            long watching = people.stream().filter(p -> "watching".equals(p.status)).count();
            if (alive == 0 || watching >= 0.9 * alive) {
                break;
            }
            Thread.sleep(5_000);
        }
        log("memory: " + counts(people));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> open = measure(appPid);
        int streams = (int) people.stream().filter(p -> p.id != null && !p.ended).count();
        for (Person p : people) {
            p.closed = true;
            InputStream s = p.stream;
            if (s != null) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closed already
                }
            }
        }
        Thread.sleep(20_000); // the app notices a closed stream at its next write (keep-alive every 15 s)
        Map<String, Long> closed = measure(appPid);
        List<String> watchingIds = new ArrayList<>();
        for (Person p : people) {
            if (p.id == null) {
                continue;
            }
            JsonNode v = Bench.JSON.valueToTree(Bench.get("/api/v1/booking/status/" + p.id));
            if ("watching".equals(v.path("status").asText())) {
                watchingIds.add(p.id);
            }
        }
        cancel(watchingIds);
        Thread.sleep(10_000);
        Map<String, Long> ended = measure(appPid);
        int k = watchingIds.size();
        out.put("memory_watching_jobs", k);
        out.put("memory_jobs_not_watching", people.stream().filter(p -> p.id != null && !isFinal(p.status)
                && !watchingIds.contains(p.id)).count());
        for (String m : List.of("heap_live_kib", "native_nonheap_kib", "heap_plus_native_kib", "jvm_rss_kib",
                "tree_pss_kib")) {
            out.put("with_watching_" + m, closed.get(m));
            out.put("after_cancel_" + m, ended.get(m));
        }
        out.put("per_watching_job_kib", perJob(closed, ended, "heap_plus_native_kib", k));
        out.put("per_watching_job_heap_kib", perJob(closed, ended, "heap_live_kib", k));
        out.put("per_watching_job_native_kib", perJob(closed, ended, "native_nonheap_kib", k));
        out.put("per_watching_job_rss_kib", perJob(closed, ended, "jvm_rss_kib", k));
        out.put("per_watching_job_pss_kib", perJob(closed, ended, "tree_pss_kib", k));
        out.put("sse_streams_closed", streams);
        out.put("per_sse_stream_kib", perJob(open, closed, "heap_plus_native_kib", streams));
        cancel(people.stream().map(p -> p.id).filter(id -> id != null).toList());
        return out;
    }

    static Double perJob(Map<String, Long> with, Map<String, Long> without, String key, int k) {
        if (k == 0 || with.get(key) == null || without.get(key) == null) {
            return null;
        }
        return Math.round(10.0 * (with.get(key) - without.get(key)) / k) / 10.0;
    }

    /** The median of three measurements, each after full GCs (the live heap moves by about a MiB between them). */
    static Map<String, Long> measure(long pid) throws Exception {
        List<Map<String, Long>> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(measureOnce(pid));
            Thread.sleep(2_000);
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (String key : rounds.getFirst().keySet()) {
            List<Long> v = rounds.stream().map(r -> r.get(key)).filter(x -> x != null).sorted().toList();
            m.put(key, v.size() == 3 ? v.get(1) : null);
        }
        log("measured (median of 3) " + m);
        return m;
    }

    static Map<String, Long> measureOnce(long pid) throws Exception {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        Map<String, Long> m = new LinkedHashMap<>();
        Matcher h = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        Long heap = h.find() ? Long.parseLong(h.group(1)) : null;
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        Matcher t = NMT_TOTAL.matcher(nmt);
        Matcher jh = NMT_HEAP.matcher(nmt);
        Long nonHeap = t.find() && jh.find() ? Long.parseLong(t.group(2)) - Long.parseLong(jh.group(2)) : null;
        m.put("heap_live_kib", heap);
        m.put("native_nonheap_kib", nonHeap);
        m.put("heap_plus_native_kib", heap == null || nonHeap == null ? null : heap + nonHeap);
        m.put("jvm_rss_kib", rssKib(pid));
        m.put("tree_pss_kib", Bench.pssKib(pid));
        return m;
    }

    static String jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static Long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // gone
        }
        return null;
    }

    static void cancel(List<String> ids) throws Exception {
        for (String id : ids) {
            Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/api/v1/booking/cancel/" + id))
                    .header("Authorization", "Bearer " + Bench.token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"benchmark done\",\"force\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    // ---- output ----

    static String markdown(Map<String, Object> o) {
        String machine = System.getenv().getOrDefault("WATCH_MACHINE", "?");
        String command = System.getenv().getOrDefault("WATCH_COMMAND", "bench/market.sh watch");
        StringBuilder s = new StringBuilder();
        s.append("### 9.1 Results: the watch, N=").append(o.get("n")).append(", fleet (")
                .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC)).append(")\n\n");
        java.time.format.DateTimeFormatter hm = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .withZone(java.time.ZoneOffset.UTC);
        s.append("Command: `").append(command).append("` (").append(hm.format(STARTED)).append("–")
                .append(hm.format(Instant.now())).append(" UTC). Machine: ").append(machine).append(".\n\n");
        s.append("Settings: session lifetime ").append(o.get("session_seconds")).append(" s, ")
                .append(o.get("minutes")).append(" minutes of releases at ").append(o.get("release_per_hour_per_place"))
                .append(" per place and hour, rivals after ").append(o.get("rival_median_s"))
                .append(" s (median), then ").append(o.get("grace_s")).append(" s for the last logins and payments; ")
                .append(o.get("never_returners")).append(" of ").append(o.get("n"))
                .append(" people never scan again; the others scan after an exponential delay, median ")
                .append(o.get("rescan_median_s")).append(" s, after each `login_required` or `slot_available`; ")
                .append("`QR_TIMEOUT` ").append(o.get("qr_timeout_s")).append(" s. Logins took ")
                .append(o.get("login_seconds")).append(" s (").append(o.get("logged_in")).append(" logged in).\n\n");
        s.append("How: each job's events come from its SSE stream (the codes to scan are only there, and a "
                + "`slot_available` moves the job on to `queued` at once, which a poll would miss). \"Booked by a "
                + "watching job\": one of our bookings (`GET /sim/admin/releases`, `taken_by: provtid`, matched to the "
                + "job by its `booking_completed`) whose job was `watching` at the release, or was sent a "
                + "`slot_available` for that slot; release → booking is the release's `taken_at − released_at`. "
                + "Memory: after the releases everyone is logged out (`POST /sim/admin/logouts`) and people stop "
                + "scanning; once most jobs watch, the app is measured (after full GCs, median of three: live heap from "
                + "`jcmd GC.heap_info` plus native memory outside the heap from `-XX:NativeMemoryTracking=summary`), "
                + "with the benchmark's streams closed, then again after the watching jobs are cancelled; the "
                + "difference over their count is the cost of a watching job. Site calls from "
                + "`GET /sim/admin/requests` (data calls: all but the login's housekeeping) over the releases and "
                + "the grace time.\n\n");
        s.append("| figure | measured |\n| --- | ---: |\n");
        row(s, "jobs watching during the releases (mean / max)", o.get("watching_mean") + " / " + o.get("watching_max"));
        row(s, "releases / fitting one of ours / ours / to rivals", o.get("releases") + " / " + o.get("fitted") + " / "
                + o.get("caught") + " / " + o.get("to_rivals"));
        row(s, "catch rate overall", pct(o.get("catch_rate")));
        row(s, "release → booking, all ours p50 / p95", o.get("release_to_booking_p50_s") + " / "
                + o.get("release_to_booking_p95_s") + " s");
        row(s, "releases that fitted a watching job", o.get("fitted_watching"));
        row(s, "**booked by a job that was watching (or told of it)**", "**" + o.get("watch_booked") + "**");
        row(s, "… booked by another of ours / to rivals / nobody", o.get("watch_fitted_booked_by_others") + " / "
                + o.get("watch_fitted_to_rivals") + " / " + o.get("watch_fitted_nobody"));
        row(s, "**release → booking for them, p50 / p95**", "**" + o.get("watch_release_to_booking_p50_s") + " / "
                + o.get("watch_release_to_booking_p95_s") + " s**");
        row(s, "release → `slot_available` p50; notice → booking p50", o.get("watch_release_to_notice_p50_s") + " s; "
                + o.get("watch_notice_to_booking_p50_s") + " s");
        row(s, "`slot_available` sent / scanned in time / booked that slot", o.get("slot_available") + " / "
                + o.get("slot_available_scanned") + " / " + o.get("slot_available_booked"));
        row(s, "`login_required` / re-login timed out to watching / resumes (refused) / rescans",
                o.get("login_required") + " / " + o.get("qr_timeouts_to_watching") + " / " + o.get("resumes") + " ("
                        + o.get("resumes_refused") + ") / " + o.get("rescans"));
        row(s, "**memory per watching job** (live heap + native outside the heap; target ≤ 2 MiB)",
                "**" + o.get("per_watching_job_kib") + " KiB** (" + o.get("memory_watching_jobs") + " jobs)");
        row(s, "… heap / native / JVM RSS / tree PSS per watching job", o.get("per_watching_job_heap_kib") + " / "
                + o.get("per_watching_job_native_kib") + " / " + o.get("per_watching_job_rss_kib") + " / "
                + o.get("per_watching_job_pss_kib") + " KiB");
        row(s, "site data calls per second (pace " + o.get("pace_per_s") + "); highest 30 s", o.get("data_calls_per_s")
                + "; " + o.get("data_calls_per_s_max_30s"));
        row(s, "searches per second", o.get("searches_per_s"));
        row(s, "self-collisions (since start)", o.get("self_collisions"));
        row(s, "statuses at the end", o.get("statuses_at_end"));
        return s.toString();
    }

    static void row(StringBuilder s, String figure, Object value) {
        s.append("| ").append(figure).append(" | ").append(String.valueOf(value).replace("null", "–"))
                .append(" |\n");
    }

    static String pct(Object rate) {
        return rate == null ? "–" : Math.round(1000 * ((Number) rate).doubleValue()) / 10.0 + " %";
    }

    static void log(String line) {
        System.err.println(Instant.now() + " " + line);
    }

    // ---- selftest: the report from made-up events and releases (no app needed) ----

    static void selftest() throws Exception {
        List<Person> people = people(10, 0.2, 20);
        if (people.stream().filter(p -> p.never).count() != 2) {
            throw new AssertionError("never-returners");
        }
        double sum = 0;
        Random r = new Random(1);
        List<Double> ds = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ds.add(delaySeconds(r, 60));
        }
        double median = percentile(ds, 0.5);
        if (Math.abs(median - 60) > 2) {
            throw new AssertionError("median " + median);
        }
        List<Double> firsts = people(200, 0.2, 20).stream().map(p -> delaySeconds(p.random, 60)).toList();
        double firstMedian = percentile(firsts, 0.5);
        if (firstMedian < 45 || firstMedian > 80) {
            throw new AssertionError("people's first delays: median " + firstMedian);
        }
        Instant t0 = Instant.parse("2027-01-01T10:00:00Z");
        Person a = people.get(0);
        Person b = people.get(1);
        a.id = "job_a";
        b.id = "job_b";
        String place = a.places.getFirst();
        String date = a.from.plusDays(5).toString();
        ev(a, "status_update", t0.minusSeconds(600), "{\"status\":\"searching\",\"code\":\"logged_in\"}");
        ev(a, "login_required", t0.minusSeconds(100), "{\"code\":\"login_required\"}");
        ev(a, "status_update", t0.minusSeconds(100), "{\"status\":\"watching\",\"code\":\"login_required\"}");
        ev(a, "slot_available", t0.plusSeconds(12), "{\"code\":\"slot_available\",\"params\":{\"location\":\"" + place
                + "\",\"date\":\"" + date + "\",\"time\":\"08:10\",\"scan_within_seconds\":120}}");
        ev(a, "status_update", t0.plusSeconds(12), "{\"status\":\"queued\",\"code\":\"slot_available\"}");
        ev(a, "status_update", t0.plusSeconds(15), "{\"status\":\"authenticating\",\"code\":\"waiting_for_bankid\"}");
        ev(a, "status_update", t0.plusSeconds(70), "{\"status\":\"searching\",\"code\":\"logged_in\"}");
        ev(a, "status_update", t0.plusSeconds(72), "{\"status\":\"booking\"}");
        ev(a, "status_update", t0.plusSeconds(75), "{\"status\":\"completed\"}");
        ev(a, "booking_completed", t0.plusSeconds(75), "{\"booking_result\":{\"booking_id\":\"4100007\"}}");
        ev(b, "status_update", t0.minusSeconds(600), "{\"status\":\"searching\"}");
        ObjectNode rel = (ObjectNode) Bench.JSON.readTree("{\"released_at\":\"" + t0 + "\",\"location\":\"" + place
                + "\",\"date\":\"" + date + "\",\"time\":\"08:10\",\"examination_type_id\":12,\"vehicle_type_id\":2,"
                + "\"taken_by\":\"provtid\",\"booking_id\":\"4100007\",\"taken_at\":\"" + t0.plusSeconds(75) + "\"}");
        ObjectNode rival = (ObjectNode) Bench.JSON.readTree("{\"released_at\":\"" + t0.plusSeconds(200)
                + "\",\"location\":\"" + place + "\",\"date\":\"" + date + "\",\"time\":\"13:45\","
                + "\"examination_type_id\":12,\"vehicle_type_id\":2,\"taken_by\":\"rival\",\"booking_id\":null,"
                + "\"taken_at\":\"" + t0.plusSeconds(300) + "\"}");
        Map<String, Object> rep = report(people, List.of(rel, rival), t0.minusSeconds(1), t0.plusSeconds(400));
        System.out.println(Bench.JSON.writeValueAsString(rep));
        check(rep, "watch_booked", 1);
        check(rep, "fitted_watching", 1);
        check(rep, "slot_available", 1);
        check(rep, "slot_available_booked", 1);
        check(rep, "slot_available_scanned", 1);
        check(rep, "watch_release_to_booking_p50_s", 75.0);
        check(rep, "watch_release_to_notice_p50_s", 12.0);
        Map<String, Object> o = new LinkedHashMap<>(rep);
        o.put("n", 10);
        System.out.println(markdown(o));
        System.out.println("selftest ok");
    }

    static void ev(Person p, String type, Instant at, String data) throws Exception {
        p.events.add(new Ev(type, at, Bench.JSON.readTree(data)));
        if (type.equals("status_update")) {
            p.status = Bench.JSON.readTree(data).path("status").asText();
        }
    }

    static void check(Map<String, Object> rep, String key, Object want) {
        Object got = rep.get(key);
        if (!String.valueOf(want).equals(String.valueOf(got))) {
            throw new AssertionError(key + ": want " + want + ", got " + got);
        }
    }
}
