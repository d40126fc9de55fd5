package se.provtid.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.provtid.queue.ReactiveSearchReads;
import se.provtid.search.Want;

/**
 * The places the fleet searches for one job and when each was last searched, for its status view: honest about a
 * watching job whose places nobody logged in searches.
 */
@Singleton
public class SearchedPlaces {

    /** One place of a job's search: the site's id, its name (when known) and when a search last covered it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Place(@JsonProperty("location_id") long locationId, @JsonProperty("location") String location,
            @JsonProperty("last_searched_at") String lastSearchedAt) {
    }

    private final ReactiveSearchReads reads;
    private final PlaceCatalog catalog;
    private final ObjectMapper json;

    public SearchedPlaces(ReactiveSearchReads reads, PlaceCatalog catalog, ObjectMapper json) {
        this.reads = reads;
        this.catalog = catalog;
        this.json = json;
    }

    /** The job's searched places, or null when it has no want in the fleet's search now. */
    public Uni<List<Place>> of(String jobId) {
        return reads.want(jobId).flatMap(text -> {
            Want want = parse(text);
            if (want == null) {
                return Uni.createFrom().nullItem();
            }
            List<String> fields = want.places().stream().map(p -> want.examKey() + "|" + p).toList();
            return reads.lastSearched(fields).map(last -> places(want, last));
        });
    }

    private List<Place> places(Want want, Map<String, String> last) {
        Map<Long, String> names = new HashMap<>();
        catalog.all().forEach(p -> {
            if (p.id() != null) {
                names.put(p.id(), p.name());
            }
        });
        List<Place> out = new ArrayList<>(want.places().size());
        for (long id : want.places()) {
            String at = last.get(want.examKey() + "|" + id);
            out.add(new Place(id, names.get(id), at == null ? null : Instant.ofEpochMilli(Long.parseLong(at))
                    .toString()));
        }
        return out;
    }

    private Want parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Want.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
