package se.provtid.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import se.provtid.queue.PlaceStore;
import se.provtid.site.LocationMatcher;

/**
 * The test locations a start may name: the catalogue shipped with Provtid ({@code places/trafikverket.json}: names,
 * ids where known, coordinates) joined with every place the site itself listed at a login (search-information,
 * kept in Redis by the workers). A name neither knows is refused at start, with the closest known names, instead
 * of failing after the person has scanned their BankID code. The site's own list still has the last word after
 * login. Read from memory on the request path; refreshed from Redis every minute.
 */
@Singleton
public class PlaceCatalog {

    private static final Logger LOG = Logger.getLogger(PlaceCatalog.class);
    private static final String SHIPPED = "places/trafikverket.json";

    /** One place: its name, the site's id when known, and where it is (null when only the site named it). */
    public record Place(String name, Long id, Double latitude, Double longitude) {
    }

    /** A name at position {@code index} of a request that no known place has, and the closest known names. */
    public record Unknown(int index, String name, List<String> closest) {
    }

    private final PlaceStore store;
    private final Map<String, Place> shipped;
    private final Map<String, Long> learnedHere = new ConcurrentHashMap<>();
    private volatile Map<String, Place> known;

    public PlaceCatalog(PlaceStore store, ObjectMapper json) {
        this.store = store;
        this.shipped = read(json);
        this.known = shipped;
    }

    private static Map<String, Place> read(ObjectMapper json) {
        try (InputStream in = PlaceCatalog.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " missing from the build");
            }
            Map<String, Place> out = new LinkedHashMap<>();
            for (Place p : json.readValue(in, new TypeReference<List<Place>>() { })) {
                out.put(LocationMatcher.normalize(p.name()), p);
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every known place, by name. */
    public List<Place> all() {
        return known.values().stream().sorted(Comparator.comparing(Place::name)).toList();
    }

    /** The known place of this name (the site's spelling or ours), or null. */
    public Place find(String name) {
        return known.get(LocationMatcher.normalize(name));
    }

    /** The names of {@code names} that no known place has (empty: all known). */
    public List<Unknown> unknown(List<String> names) {
        Map<String, Place> k = known;
        List<Unknown> out = new ArrayList<>();
        Map<String, Long> ids = null;
        for (int i = 0; i < names.size(); i++) {
            if (!k.containsKey(LocationMatcher.normalize(names.get(i)))) {
                if (ids == null) {
                    ids = new LinkedHashMap<>();
                    for (Place p : k.values()) {
                        ids.put(p.name(), p.id() == null ? -1L : p.id());
                    }
                }
                out.add(new Unknown(i, names.get(i), new LocationMatcher(ids).closest(names.get(i))));
            }
        }
        return out;
    }

    /** What a worker read from the site at a login: stored for the fleet when it adds a place or an id. */
    public void learn(Map<String, Long> fromSite) {
        Map<String, Long> fresh = new LinkedHashMap<>();
        fromSite.forEach((name, id) -> {
            if (!id.equals(learnedHere.get(name))) {
                fresh.put(name, id);
            }
        });
        if (!fresh.isEmpty()) {
            store.learn(fresh);
            learnedHere.putAll(fresh);
            known = merge(known, fresh);
        }
    }

    @Scheduled(every = "60s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return store.learned().invoke(l -> known = merge(shipped, l)).replaceWithVoid().onFailure()
                .recoverWithUni(e -> {
                    LOG.debugf("places not refreshed: %s", e.getClass().getSimpleName());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The shipped places, with the site's ids where it gave them, and the places only the site listed. */
    static Map<String, Place> merge(Map<String, Place> base, Map<String, Long> learned) {
        Map<String, Place> out = new LinkedHashMap<>(base);
        learned.forEach((name, id) -> {
            String key = LocationMatcher.normalize(name);
            Place s = out.get(key);
            out.put(key, s == null ? new Place(name, id, null, null) : new Place(s.name(), id, s.latitude(),
                    s.longitude()));
        });
        return Map.copyOf(out);
    }
}
