package se.provtid.worker;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** LOGIN_WAIT=page: the page stays open and runs the site's app, whose polls log the job in. */
@QuarkusTest
@TestProfile(PageLoginWaitProfile.class)
class PageLoginWaitTests {

    @TestHTTPResource("/")
    URL root;

    @Test
    void whileThePersonScansThePageStaysOpenAndItsPollsLogTheJobIn() throws Exception {
        LoginWaitSupport.loginWithPage(root, "open");
    }
}
