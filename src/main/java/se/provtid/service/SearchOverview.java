package se.provtid.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.provtid.config.ProvtidConfig;
import se.provtid.queue.SearchFigures;
import se.provtid.search.PlannedCall;

/**
 * The {@code search} object of {@code GET /api/v1/stats}: the fleet's search plan (each call, how often it is looked
 * at, by how many jobs it is wanted, what it found and handed out), the fleet-wide counters, and what the fleet
 * learned per place. Place names come from {@link PlaceCatalog}; nothing of a person is in any of it.
 */
@Singleton
public class SearchOverview {

    /** One planned search call and what it did. */
    public record Call(String exam, List<String> places,
            @JsonProperty("looked_every_seconds") double lookedEverySeconds,
            @JsonProperty("wanted_by") int wantedBy, long looks, long found,
            @JsonProperty("handed_out") long handedOut, @JsonProperty("last_look_at") String lastLookAt) {
    }

    /** The fleet-wide counters, in both search modes. */
    public record Counters(long looks, @JsonProperty("slots_found") long slotsFound,
            @JsonProperty("handed_out") long handedOut, @JsonProperty("went_to_other") long wentToOther,
            @JsonProperty("lost_races") long lostRaces, @JsonProperty("self_collisions") long selfCollisions,
            long holds) {
    }

    /** What the fleet learned of one place: slots seen appearing and going, how long they stayed free. */
    public record Place(String location, long appeared, long gone,
            @JsonProperty("mean_lifetime_seconds") Double meanLifetimeSeconds,
            @JsonProperty("late_cancellations") long lateCancellations) {
    }

    /** The search as operators read it; {@code mode} is this process's {@code SEARCH_MODE}. */
    public record Search(String mode, List<Call> calls, Counters counters, List<Place> places) {
    }

    private final SearchFigures figures;
    private final PlaceCatalog catalog;
    private final ObjectMapper json;
    private final ProvtidConfig config;

    public SearchOverview(SearchFigures figures, PlaceCatalog catalog, ObjectMapper json, ProvtidConfig config) {
        this.figures = figures;
        this.catalog = catalog;
        this.json = json;
        this.config = config;
    }

    public Uni<Search> search() {
        return figures.read().map(this::search);
    }

    private Search search(SearchFigures.Raw raw) {
        Map<Long, String> names = new HashMap<>();
        catalog.all().stream().filter(p -> p.id() != null).forEach(p -> names.putIfAbsent(p.id(), p.name()));
        return new Search(config.worker().searchMode().name(), calls(raw, names), counters(raw.counters()),
                places(raw.places(), names));
    }

    private List<Call> calls(SearchFigures.Raw raw, Map<Long, String> names) {
        Map<String, String> s = raw.callStats();
        List<Call> out = new ArrayList<>();
        raw.calls().forEach((key, text) -> {
            PlannedCall c = read(text);
            if (c == null || c.places() == null || c.exam() == null) {
                return; // a call written by another version: the plan rewrites it within a second
            }
            long last = number(s, "last:" + key);
            out.add(new Call(c.exam(), c.places().stream().map(id -> name(names, id)).toList(),
                    round(c.periodMs() / 1000.0), c.wantedBy(), number(s, "looks:" + key), number(s, "found:" + key),
                    number(s, "handed:" + key), last > 0 ? Instant.ofEpochMilli(last).toString() : null));
        });
        // The calls most people wait on first.
        out.sort(Comparator.comparing(Call::wantedBy).reversed().thenComparing(Call::exam)
                .thenComparing(c -> String.join(",", c.places())));
        return out;
    }

    private static Counters counters(Map<String, String> c) {
        return new Counters(number(c, "looks"), number(c, "slots_found"), number(c, "handed_out"),
                number(c, "went_to_other"), number(c, "lost_races"), number(c, "self_collisions"),
                number(c, "holds"));
    }

    private static List<Place> places(Map<String, String> stats, Map<Long, String> names) {
        Map<Long, Map<String, Long>> byPlace = new TreeMap<>();
        stats.forEach((field, value) -> {
            int colon = field.lastIndexOf(':');
            Long id = colon > 0 ? parse(field.substring(0, colon)) : null;
            Long n = parse(value);
            if (id != null && n != null) {
                byPlace.computeIfAbsent(id, k -> new HashMap<>()).put(field.substring(colon + 1), n);
            }
        });
        List<Place> out = new ArrayList<>();
        byPlace.forEach((id, f) -> {
            long gone = f.getOrDefault("gone", 0L);
            Double mean = gone > 0 ? round(f.getOrDefault("lifetime_ms", 0L) / 1000.0 / gone) : null;
            out.add(new Place(name(names, id), f.getOrDefault("appeared", 0L), gone, mean,
                    f.getOrDefault("late", 0L)));
        });
        out.sort(Comparator.comparing(Place::location));
        return out;
    }

    private PlannedCall read(String text) {
        try {
            return json.readValue(text, PlannedCall.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static String name(Map<Long, String> names, Long id) {
        return names.getOrDefault(id, String.valueOf(id));
    }

    private static long number(Map<String, String> m, String field) {
        Long n = parse(m.get(field));
        return n == null ? 0 : n;
    }

    private static Long parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One decimal: figures for people, not for arithmetic. */
    private static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
