package se.provtid.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The stores' one translation of the Redis client's failures, on the blocking and the reactive path. */
class RedisCallsTest {

    @Test
    void aRefusedConnectionOnTheBlockingClientIsRedisUnavailableWithoutTheClientsText() {
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> RedisCalls.blocking(() -> {
            throw new CompletionException(new ConnectException("Connection refused: redis://:hunter2@10.0.0.7:6379"));
        }, Duration.ZERO));
        assertEquals("ConnectException", e.reason());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("10.0.0.7"), e.getMessage());
        assertEquals(null, e.getCause(), "the client's exception, and its message, stay behind");
    }

    @Test
    void aSocketClosedMidCommandOnTheReactiveClientIsRedisUnavailable() {
        Uni<String> call = RedisCalls.reactive(Uni.createFrom().failure(new ClosedChannelException()));
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                () -> call.await().atMost(Duration.ofSeconds(5)));
        assertEquals("ClosedChannelException", e.reason());
    }

    @Test
    void anErrorReplyNamesOnlyItsCode() {
        Uni<String> call = RedisCalls.reactive(Uni.createFrom().failure(
                ErrorType.create("READONLY You can't write against a read only replica. key=provtid:job:secret")));
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                () -> call.await().atMost(Duration.ofSeconds(5)));
        assertEquals("READONLY", e.reason());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void anErrorReplyWithoutACodeSaysSoAndNoMore() {
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> RedisCalls.blocking(() -> {
            throw new CompletionException(ErrorType.create("user_script:3: personal number 199001011234"));
        }));
        assertEquals("error reply", e.reason());
        assertFalse(e.getMessage().contains("1990"), e.getMessage());
    }

    @Test
    void aWaitInterruptedByTheCallersOwnThreadIsNotRedisFailing() {
        CompletionException interrupted = new CompletionException(new InterruptedException());
        CompletionException thrown = assertThrows(CompletionException.class, () -> RedisCalls.blocking(() -> {
            throw interrupted;
        }));
        assertSame(interrupted, thrown);
    }

    @Test
    void aTranslatedFailureIsPassedOnAsItIs() {
        RedisUnavailableException inner = new RedisUnavailableException("ConnectException");
        Uni<String> call = RedisCalls.reactive(RedisCalls.reactive(Uni.createFrom().failure(inner)));
        assertSame(inner, assertThrows(RedisUnavailableException.class, () -> call.await().indefinitely()));
    }

    @Test
    void aSuccessfulCallAnswersItsValue() {
        assertEquals("PONG", RedisCalls.blocking(() -> "PONG"));
        assertEquals("PONG", RedisCalls.reactive(Uni.createFrom().item("PONG")).await().indefinitely());
    }

    @Test
    void aBlockingCallRidesOutAFailoverButNotAnErrorOfItsOwn() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // No connection, then a just-promoted replica: both pass, and the third try answers.
        String answer = RedisCalls.blocking(() -> switch (calls.incrementAndGet()) {
            case 1 -> throw new CompletionException(new ConnectException("Connection refused"));
            case 2 -> throw new CompletionException(ErrorType.create("READONLY You can't write against a replica"));
            default -> "OK";
        }, Duration.ofSeconds(5));
        assertEquals("OK", answer);
        assertEquals(3, calls.get());

        calls.set(0);
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> RedisCalls.blocking(() -> {
            calls.incrementAndGet();
            throw new CompletionException(ErrorType.create("ERR user_script:1: bad argument"));
        }, Duration.ofSeconds(5)));
        assertFalse(e.passing());
        assertEquals(1, calls.get(), "a script's own error is not tried again");
    }
}
