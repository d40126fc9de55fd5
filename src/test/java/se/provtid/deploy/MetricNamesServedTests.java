package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import se.provtid.site.SiteRequestMetrics;
import se.provtid.support.Management;

/**
 * The other half of deploy/monitoring's contract: every provtid_ name in metrics.txt is served on the running
 * application's management port, so renaming a meter in the code fails here until metrics.txt (and with it the
 * dashboard and the alert rules, MonitoringContractTest) follows.
 */
@QuarkusTest
class MetricNamesServedTests {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    SiteRequestMetrics siteRequests;

    @Test
    void everyContractNameIsServed() {
        // The one family registered on first use (per endpoint and outcome): count a request through the app's own
        // meter so its name is there whether or not a booking ran before this test.
        siteRequests.count("metric-contract-check", SiteRequestMetrics.Outcome.ok);
        Set<String> served = new TreeSet<>();
        Management.metrics(management).lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.replaceAll("[{ ].*$", "")).forEach(served::add);
        Set<String> missing = new TreeSet<>(MetricContract.load().exactNames());
        missing.removeIf(n -> !n.startsWith("provtid_"));
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "deploy/monitoring/metrics.txt names metrics the application does not serve");
    }
}
