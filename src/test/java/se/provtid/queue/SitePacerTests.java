package se.provtid.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fleet's pace against a real Redis, at a fixed time: a background request (a search) leaves tokens in the
 * bucket for the calls that cannot wait, which still find one when searches would have taken them all.
 */
@QuarkusTest
@TestProfile(ApiOnlyProfile.class)
class SitePacerTests {

    @Inject
    LuaScripts lua;

    @Inject
    RedisKeys keys;

    @Inject
    WorkerRedis workers;

    private long ask(long now, int keep) {
        return lua.run("pace", List.of(keys.siteBucket(), keys.sitePause()), List.of(Long.toString(now), "2", "5",
                Integer.toString(keep))).toLong();
    }

    @Test
    void searchesLeaveTokensForTheCallsThatCannotWait() {
        workers.get().key().del(keys.siteBucket(), keys.sitePause());
        long now = 1_000_000;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, ask(now, SitePacer.KEPT_FOR_OTHERS), "a full bucket of 5: search " + (i + 1) + " goes");
        }
        long searchWaits = ask(now, SitePacer.KEPT_FOR_OTHERS);
        assertTrue(searchWaits > 0, "two tokens left: the fourth search waits");
        assertEquals(0, ask(now, 0), "a hold still goes at once");
        assertEquals(0, ask(now, 0), "and another");
        assertTrue(ask(now, 0) > 0, "the bucket is empty now");
        assertEquals(500, searchWaits, "with two tokens left, a search waits for a third: half a second at two a second");
        workers.get().key().del(keys.siteBucket(), keys.sitePause());
    }
}
