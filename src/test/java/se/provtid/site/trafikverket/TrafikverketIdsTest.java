package se.provtid.site.trafikverket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import se.provtid.job.Licences;

/** The adapter has an id for every licence the API accepts, and for nothing else. */
class TrafikverketIdsTest {

    @Test
    void everyLicenceTheApiTakesHasASiteId() {
        assertEquals(Licences.NAMES, TrafikverketIds.LICENCES.keySet());
    }
}
