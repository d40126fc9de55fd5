package se.provtid.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import se.provtid.queue.LuaScripts;
import se.provtid.queue.RedisKeys;
import se.provtid.site.Occasion;

/**
 * What the fleet learns from its searches: every free slot seen appearing and disappearing (when, place, how far
 * ahead, whether the site called it a late cancellation), in Redis and bounded, with running figures per place for
 * {@code GET /api/v1/stats}. The plan does not weight calls by these figures yet (docs/architecture.md).
 */
@Singleton
public class SightingLog {

    /** The sightings stream keeps about this many entries. */
    static final int STREAM_CAP = 10_000;
    /** A slot seen free this long ago and not since is forgotten uncounted: no call looks at its place any more. */
    static final Duration KEEP = Duration.ofDays(1);

    private static final Logger LOG = Logger.getLogger(SightingLog.class);
    // The site's dates are Swedish days: "how far ahead" counts from the Swedish today.
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    /** What one call changed: slots that appeared, slots gone, and old sightings forgotten. */
    public record Change(long appeared, long gone, long dropped) {

        static final Change NONE = new Change(0, 0, 0);
    }

    private final LuaScripts lua;
    private final RedisKeys keys;
    private final ObjectMapper json;

    public SightingLog(LuaScripts lua, RedisKeys keys, ObjectMapper json) {
        this.lua = lua;
        this.keys = keys;
        this.json = json;
    }

    /**
     * Records what one search call showed: {@code exam} at {@code places} from {@code from}; {@code found} is every
     * free slot in its answer, and {@code full} says the answer held as many bundles as the site returns at most, so
     * a slot missing after the last one found may only have been cut off. Never fails the search: a Redis failure
     * leaves the figures behind by one call.
     */
    public Change observed(String exam, List<Long> places, LocalDate from, List<Occasion> found, boolean full,
            long nowMs) {
        if (places.isEmpty()) {
            return Change.NONE;
        }
        try {
            Response r = lua.run("sightings", List.of(keys.searchSeen(), keys.searchSightings(),
                    keys.searchPlaceStats()), args(exam, places, from, found, full, nowMs));
            return new Change(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong());
        } catch (RuntimeException e) {
            // Only the class: a client's message may carry anything.
            LOG.debugf("sightings not recorded: %s", e.getClass().getSimpleName());
            return Change.NONE;
        }
    }

    private List<String> args(String exam, List<Long> places, LocalDate from, List<Occasion> found, boolean full,
            long nowMs) {
        LocalDate today = Instant.ofEpochMilli(nowMs).atZone(SWEDEN).toLocalDate();
        // One sighting per slot, should an answer list a slot twice.
        Map<Long, Sighting> slots = new LinkedHashMap<>();
        for (Occasion o : found) {
            slots.putIfAbsent(o.examinationId(), new Sighting(o.examinationId(), exam, o.locationId(), o.date(),
                    o.time() == null ? "" : o.time(), ChronoUnit.DAYS.between(today, o.date()), late(o), nowMs));
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(nowMs), exam,
                places.stream().map(String::valueOf).collect(Collectors.joining(",")), from.toString(),
                cutoff(found, full, from), Long.toString(nowMs - KEEP.toMillis()), Integer.toString(STREAM_CAP)));
        for (Sighting s : slots.values()) {
            args.add(write(s));
        }
        return args;
    }

    /**
     * The day from which the answer says nothing: one answer of the site covers one month from its start date, and a
     * full answer (cut off at the site's maximum) says nothing from its last slot's day on either.
     */
    private static String cutoff(List<Occasion> found, boolean full, LocalDate from) {
        LocalDate month = from.plusMonths(1);
        if (!full) {
            return month.toString();
        }
        LocalDate last = found.stream().map(Occasion::date).max(LocalDate::compareTo).orElse(from);
        return (last.isBefore(month) ? last : month).toString();
    }

    /** The site's late-cancellation mark, where its offer has one; a slot without it (or without an offer) is not. */
    static boolean late(Occasion o) {
        JsonNode offer = o.offer();
        return offer != null && offer.path("occasions").path(0).path("isLateCancellation").asBoolean(false);
    }

    private String write(Sighting s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sighting is plain data", e);
        }
    }
}
