package se.provtid.worker;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Jobs wait for the scan the page-based way: the page stays open and the site's app polls. */
public class PageLoginWaitProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("provtid.worker.login-wait", "page");
    }
}
