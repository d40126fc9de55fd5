package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.ws.rs.core.Response;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import se.provtid.queue.RedisCalls;
import se.provtid.queue.RedisUnavailableException;

/** What a caller gets for failures no other mapper names: the store's trouble as 503, the rest as 500. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers(null);

    @Test
    void aSocketClosedUnderARedisCommandIsTheStoreBeingDownNotTheCallerLeaving() {
        // As the Redis client reports its socket dropping mid-command (FleetIT saw it answered 499 once); the store
        // turns it into its one domain failure.
        Response r = mappers.redisUnavailable(redisFailure(new ClosedChannelException()));
        assertEquals(503, r.getStatus());
        assertNotNull(r.getHeaderString("Retry-After"));
        assertEquals("redis-unavailable", ((Problem) r.getEntity()).getType().replaceAll(".*/", ""));
    }

    @Test
    void aRefusedConnectionIsTheStoreBeingDown() {
        Response r = mappers.redisUnavailable(redisFailure(new java.net.ConnectException("refused")));
        assertEquals(503, r.getStatus());
    }

    @Test
    void theStoresFailureOutOfABlockingWaitIsStill503() {
        Response r = mappers.unexpected(new CompletionException(redisFailure(new java.net.ConnectException("x"))));
        assertEquals(503, r.getStatus());
    }

    @Test
    void aConnectionFailureTheStoresDidNotReportIsNotGuessedToBeRedis() {
        // A webhook target or another library refusing a connection is not the job store being down.
        Response r = mappers.unexpected(new CompletionException(new java.net.ConnectException("refused")));
        assertEquals(500, r.getStatus());
    }

    @Test
    void anythingElseIsOurFaultWithoutItsMessage() {
        Response r = mappers.unexpected(new IllegalStateException("secret detail"));
        assertEquals(500, r.getStatus());
        assertFalse(String.valueOf(r.getEntity()).contains("secret detail"));
    }

    private static RedisUnavailableException redisFailure(Exception clientFailure) {
        try {
            RedisCalls.blocking(() -> {
                throw new CompletionException(clientFailure);
            });
        } catch (RedisUnavailableException e) {
            return e;
        }
        throw new AssertionError("not translated");
    }
}
