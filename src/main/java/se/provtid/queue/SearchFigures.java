package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet search's figures as Redis holds them, for {@code GET /api/v1/stats}: the planned calls (JSON), what each
 * call did, the fleet-wide counters and what the fleet learned per place; one round trip on the API's reactive client.
 */
@Singleton
public class SearchFigures {

    /** The four hashes, field to value, as stored (the service reads their names and shapes). */
    public record Raw(Map<String, String> calls, Map<String, String> callStats, Map<String, String> counters,
            Map<String, String> places) {
    }

    private final RedisKeys keys;
    private final LuaScripts lua;

    public SearchFigures(RedisKeys keys, LuaScripts lua) {
        this.keys = keys;
        this.lua = lua;
    }

    public Uni<Raw> read() {
        return lua.call("search-stats", List.of(keys.searchCalls(), keys.searchCallStats(), keys.searchCounters(),
                keys.searchPlaceStats()), List.of())
                .map(r -> new Raw(map(r.get(0)), map(r.get(1)), map(r.get(2)), map(r.get(3))));
    }

    private static Map<String, String> map(Response flat) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        return out;
    }
}
