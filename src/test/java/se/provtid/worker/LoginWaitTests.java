package se.provtid.worker;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The default way to wait for the scan: the page is parked and the job polls the login status from its context. */
@QuarkusTest
class LoginWaitTests {

    @TestHTTPResource("/")
    URL root;

    @Test
    void whileThePersonScansThePageIsParkedAndTheJobsOwnPollsLogItIn() throws Exception {
        LoginWaitSupport.loginWithPage(root, "parked");
    }
}
