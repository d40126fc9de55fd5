package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.ws.rs.core.Response;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What a caller gets for failures no other mapper names: the store's trouble as 503, the rest as 500. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers(null);

    @Test
    void aSocketClosedUnderARedisCommandIsTheStoreBeingDownNotTheCallerLeaving() {
        // As the Redis client reports its socket dropping mid-command (FleetIT saw it answered 499 once).
        Response r = mappers.unexpected(new CompletionException(new ClosedChannelException()));
        assertEquals(503, r.getStatus());
        assertNotNull(r.getHeaderString("Retry-After"));
    }

    @Test
    void aRefusedConnectionIsTheStoreBeingDown() {
        Response r = mappers.unexpected(new CompletionException(new java.net.ConnectException("refused")));
        assertEquals(503, r.getStatus());
    }

    @Test
    void anythingElseIsOurFaultWithoutItsMessage() {
        Response r = mappers.unexpected(new IllegalStateException("secret detail"));
        assertEquals(500, r.getStatus());
        assertFalse(String.valueOf(r.getEntity()).contains("secret detail"));
    }
}
