package se.provtid.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import se.provtid.queue.ApiOnlyProfile;

/** The search meters count what the search reports, each in its own counter, under the names Prometheus reads. */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class SearchMetricsTests {

    @Inject
    SearchMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Test
    void eachReportMovesItsCounter() {
        double fleet = count("provtid.search.calls", "fleet");
        double job = count("provtid.search.calls", "job");
        double found = count("provtid.search.slots.found", null);
        double handed = count("provtid.search.handed.out", null);
        double other = count("provtid.search.went.to.other", null);
        double lost = count("provtid.search.lost.races", null);
        double self = count("provtid.search.self.collisions", null);

        metrics.looked("fleet");
        metrics.looked("fleet");
        metrics.looked("job");
        metrics.found(3);
        metrics.found(0);
        metrics.handedOut();
        metrics.wentToOther();
        metrics.wentToOther();
        metrics.lostRace();
        metrics.selfCollision();

        assertEquals(fleet + 2, count("provtid.search.calls", "fleet"));
        assertEquals(job + 1, count("provtid.search.calls", "job"));
        assertEquals(found + 3, count("provtid.search.slots.found", null));
        assertEquals(handed + 1, count("provtid.search.handed.out", null));
        assertEquals(other + 2, count("provtid.search.went.to.other", null));
        assertEquals(lost + 1, count("provtid.search.lost.races", null));
        assertEquals(self + 1, count("provtid.search.self.collisions", null));
    }

    private double count(String name, String mode) {
        var search = registry.get(name);
        return (mode == null ? search : search.tag("mode", mode)).counter().count();
    }
}
