import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The slot market benchmark (bench/market.sh, issue 19) against a running app with the simulator: N people logged in
 * and searching, then the market releases slots for a while, once per rival median; prints one JSON line per phase.
 * Usage: Market N MINUTES MODE MEDIAN[,MEDIAN...] RELEASES_PER_HOUR
 */
public class Market {

    static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** Calls the simulator never counts, blocks or paces (docs/simulator.md, "Trouble knobs"). */
    static final Set<String> HOUSEKEEPING = Set.of("check-authentication-status-qr", "is-authorizied",
            "is-system-updating", "begin-authentication", "sign-out");
    static final List<String> PLACES = List.of("Stockholm", "Uppsala", "Göteborg", "Malmö", "Linköping", "Gävle",
            "Skövde", "Örebro", "Västerås", "Umeå", "Jönköping", "Norrköping", "Helsingborg", "Karlstad", "Sundsvall",
            "Luleå");

    record Person(Bench.Job job, String number, List<String> places, LocalDate from, LocalDate to) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        double minutes = Double.parseDouble(args[1]);
        String mode = args[2];
        List<Double> medians = java.util.Arrays.stream(args[3].split(",")).map(Double::parseDouble).toList();
        double perHour = Double.parseDouble(args[4]);
        // Nothing free, nothing released while people log in: every slot they book later was released.
        Bench.scenario("{\"market\": true, \"market_free_slots\": 0, \"release_per_hour\": 0, "
                + "\"rival_median_seconds\": 0, \"seed\": 19}");
        // Below 100 people, fresh people log in for each rival median: most of those booked in a phase are gone.
        List<Person> people = null;
        for (int i = 0; i < medians.size(); i++) {
            if (people == null || n < 100) {
                if (people != null) {
                    Bench.cancelAll(people.stream().map(Person::job).toList());
                }
                people = logIn(n, i);
            }
            phase(people, minutes, mode, medians.get(i), perHour);
            Bench.scenario("{\"release_per_hour\": 0, \"rival_median_seconds\": 0}");
        }
        Bench.cancelAll(people.stream().map(Person::job).toList());
        System.exit(0);
    }

    static List<Person> logIn(int n, int round) throws Exception {
        long hindrancesBefore = requests().getOrDefault("booking-hindrances", 0L);
        Random random = new Random(19 + round);
        LocalDate today = LocalDate.now(SWEDEN);
        List<Person> people = new ArrayList<>();
        // In waves of 25, as people would arrive over a few minutes: 200 at once is more than two cores open (7.5).
        for (int wave = 0; wave < n; wave += 25) {
            List<Person> these = new ArrayList<>();
            for (int i = wave; i < Math.min(n, wave + 25); i++) {
                List<String> mine = new ArrayList<>(PLACES);
                java.util.Collections.shuffle(mine, random);
                mine = List.copyOf(mine.subList(0, 1 + random.nextInt(3)));
                LocalDate from = today.plusDays(2);
                LocalDate to = today.plusDays(60);
                these.add(new Person(start(i, mine, from, to), String.format("1990%02d01%04d", 1 + round, 1000 + i), mine, from,
                        to));
            }
            for (Person p : these) {
                p.job().awaitQr(Duration.ofMinutes(5));
                for (int tries = 0; Bench.scan(p.job().lastQr, p.number()) != 200 && tries < 20; tries++) {
                    Thread.sleep(300);
                }
            }
            people.addAll(these);
        }
        for (Person p : people) {
            p.job().awaitSearching(p.number(), Duration.ofMinutes(5));
        }
        // "searching" comes before a job has read the site's places and hindrances (two calls each, within the pace):
        // the market starts once every job has, so a phase measures searching, not the logins' backlog.
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (requests().getOrDefault("booking-hindrances", 0L) < hindrancesBefore + n
                && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        return people;
    }

    static Bench.Job start(int i, List<String> places, LocalDate from, LocalDate to) throws Exception {
        String body = Bench.JSON.writeValueAsString(Map.of("user_id", "market-" + System.nanoTime() + "-" + i,
                "license_type", "B", "exam_type", "Körprov", "locations", places, "date_ranges",
                List.of(Map.of("start", from.toString(), "end", to.toString())), "auto_book", true,
                "priority", "normal"));
        HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/api/v1/booking/start"))
                .header("Authorization", "Bearer " + Bench.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("start answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode started = Bench.JSON.readTree(r.body());
        Bench.Job j = new Bench.Job();
        j.id = started.path("job_id").asText();
        Bench.listen(started.path("stream_url").asText(), j);
        return j;
    }

    static void phase(List<Person> people, double minutes, String mode, double median, double perHour)
            throws Exception {
        Map<String, Long> callsBefore = requests();
        long collisionsBefore = counter("self_collisions");
        int releasedBefore = releases().size();
        Instant t0 = Instant.now();
        Bench.scenario("{\"release_per_hour\": " + perHour + ", \"rival_median_seconds\": " + median + "}");
        Thread.sleep((long) (minutes * 60_000));
        Bench.scenario("{\"release_per_hour\": 0}");
        Instant t1 = Instant.now();
        Thread.sleep(20_000); // let holds made at the end be paid, so the booking is recorded
        Map<String, Long> callsAfter = requests();
        List<JsonNode> all = releases();
        List<JsonNode> released = all.subList(releasedBefore, all.size()).stream()
                .filter(r -> !Instant.parse(r.path("released_at").asText()).isAfter(t1)).toList();
        // When each person's booking was taken (if it was), so a release counts only while its person searched.
        Map<String, Instant> bookedAt = new HashMap<>();
        for (JsonNode r : all) {
            if ("provtid".equals(r.path("taken_by").asText())) {
                bookedAt.put(r.path("booking_id").asText(), Instant.parse(r.path("taken_at").asText()));
            }
        }
        Map<Person, Instant> personBooked = new HashMap<>();
        for (Person p : people) {
            JsonNode view = Bench.JSON.valueToTree(Bench.get("/api/v1/booking/status/" + p.job().id));
            String booking = view.path("booking_result").path("booking_id").asText("");
            if (bookedAt.containsKey(booking)) {
                personBooked.put(p, bookedAt.get(booking));
            }
        }
        int fitted = 0;
        int caught = 0;
        int toRivals = 0;
        List<Double> holdSeconds = new ArrayList<>();
        for (JsonNode r : released) {
            Instant at = Instant.parse(r.path("released_at").asText());
            boolean fits = r.path("examination_type_id").asInt() == 12 && r.path("vehicle_type_id").asInt() == 2
                    && people.stream().anyMatch(p -> p.places().contains(r.path("location").asText())
                            && !LocalDate.parse(r.path("date").asText()).isBefore(p.from())
                            && !LocalDate.parse(r.path("date").asText()).isAfter(p.to())
                            && (!personBooked.containsKey(p) || personBooked.get(p).isAfter(at)));
            if (!fits) {
                continue;
            }
            fitted++;
            if ("provtid".equals(r.path("taken_by").asText())) {
                caught++;
            } else if ("rival".equals(r.path("taken_by").asText())) {
                toRivals++;
            }
            if (!r.path("held_at").isNull() && !r.path("held_at").asText().isEmpty()) {
                holdSeconds.add(Duration.between(at, Instant.parse(r.path("held_at").asText())).toMillis() / 1000.0);
            }
        }
        long dataCalls = 0;
        long allCalls = 0;
        for (var e : callsAfter.entrySet()) {
            long d = e.getValue() - callsBefore.getOrDefault(e.getKey(), 0L);
            allCalls += d;
            if (!HOUSEKEEPING.contains(e.getKey())) {
                dataCalls += d;
            }
        }
        double seconds = Duration.between(t0, t1).toMillis() / 1000.0 + 20;
        holdSeconds.sort(Double::compare);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", people.size());
        out.put("mode", mode);
        out.put("rival_median_s", median);
        out.put("minutes", minutes);
        out.put("release_per_hour_per_place", perHour);
        out.put("releases", released.size());
        out.put("fitted", fitted);
        out.put("caught", caught);
        out.put("to_rivals", toRivals);
        out.put("catch_rate", fitted == 0 ? null : Math.round(1000.0 * caught / fitted) / 1000.0);
        out.put("hold_p50_s", percentile(holdSeconds, 0.5));
        out.put("hold_p95_s", percentile(holdSeconds, 0.95));
        out.put("data_calls_per_s", Math.round(100.0 * dataCalls / seconds) / 100.0);
        out.put("all_calls_per_s", Math.round(100.0 * allCalls / seconds) / 100.0);
        out.put("data_calls_per_booking", caught == 0 ? null : Math.round(10.0 * dataCalls / caught) / 10.0);
        out.put("searches_per_s", Math.round(100.0 * (callsAfter.getOrDefault("occasion-bundles", 0L)
                - callsBefore.getOrDefault("occasion-bundles", 0L)) / seconds) / 100.0);
        out.put("self_collisions", counter("self_collisions") - collisionsBefore);
        System.out.println(Bench.JSON.writeValueAsString(out));
    }

    static Double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        return Math.round(10.0 * sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)))
                / 10.0;
    }

    static List<JsonNode> releases() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Bench.JSON.readTree(Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/sim/admin/releases"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).forEach(out::add);
        return out;
    }

    static Map<String, Long> requests() throws Exception {
        Map<String, Long> out = new HashMap<>();
        Bench.JSON.readTree(Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/sim/admin/requests"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    static long counter(String name) throws Exception {
        JsonNode stats = Bench.JSON.valueToTree(Bench.get("/api/v1/stats"));
        return stats.path("search").path("counters").path(name).asLong(0);
    }
}
