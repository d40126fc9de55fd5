package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where the stores meet the Redis client: whatever a client call fails with comes out as
 * {@link RedisUnavailableException}, on the blocking and on the reactive client alike, so no caller needs to know the
 * client's exception types. Wraps only the client call, so a store's own faults (a value it cannot parse) stay theirs.
 */
public final class RedisCalls {

    /** How long a blocking call keeps trying through a failure that passes: a Sentinel failover takes 2 to 5 s. */
    public static final Duration RIDE_OUT = Duration.ofSeconds(10);

    /** Error replies of a server that is being failed over, promoted, loaded or resharded: they pass. */
    private static final Set<String> PASSING_REPLIES = Set.of("READONLY", "LOADING", "MASTERDOWN", "TRYAGAIN",
            "CLUSTERDOWN", "NOREPLICAS");

    /** An error reply's code: its first word, upper case ("READONLY You can't write against a read only replica"). */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Z_]{1,31}");

    private RedisCalls() {
    }

    /**
     * Runs a blocking client call. A failure that a failover or restart cures (no connection, READONLY, LOADING, ...)
     * is tried again for up to {@link #RIDE_OUT}, so a worker's job rides out a Sentinel failover (a few seconds)
     * instead of losing its attempt, and its person their QR code; then it fails as {@link RedisUnavailableException}.
     */
    public static <T> T blocking(Supplier<T> call) {
        return blocking(call, RIDE_OUT);
    }

    static <T> T blocking(Supplier<T> call, Duration rideOut) {
        long deadline = System.nanoTime() + rideOut.toNanos();
        for (long pauseMs = 100;; pauseMs = Math.min(pauseMs * 2, 1_000)) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                RuntimeException t = translate(e);
                if (!(t instanceof RedisUnavailableException r) || !r.passing()
                        || System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                    throw t;
                }
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt(); // a stopping worker: the call fails as it is
                    throw t;
                }
            }
        }
    }

    /** Runs a blocking client call that answers nothing the caller needs, as {@link #blocking(Supplier)}. */
    public static void blocking(Runnable call) {
        blocking(() -> {
            call.run();
            return null;
        });
    }

    /** A reactive client call whose failure is {@link RedisUnavailableException}. */
    public static <T> Uni<T> reactive(Uni<T> call) {
        return call.onFailure(RedisCalls::fromClient).transform(RedisCalls::unavailable);
    }

    /**
     * The domain failure for what the client threw; an interrupted wait stays as it is, since it says the caller's
     * thread is being stopped, not that Redis failed.
     */
    public static RuntimeException translate(RuntimeException e) {
        return fromClient(e) ? unavailable(e) : e;
    }

    static boolean fromClient(Throwable t) {
        return !(t instanceof RedisUnavailableException) && !interrupted(t);
    }

    static RedisUnavailableException unavailable(Throwable t) {
        String reason = reason(t);
        boolean reply = unwrap(t) instanceof ErrorType;
        return new RedisUnavailableException(reason, !reply || PASSING_REPLIES.contains(reason));
    }

    /** The error reply's code, or the simple type of the innermost failure: never the client's message. */
    static String reason(Throwable t) {
        Throwable root = unwrap(t);
        if (root instanceof ErrorType) {
            String message = root.getMessage() == null ? "" : root.getMessage().strip();
            int space = message.indexOf(' ');
            String code = space < 0 ? message : message.substring(0, space);
            return ERROR_CODE.matcher(code).matches() ? code : "error reply";
        }
        return root.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable root = t;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null
                && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean interrupted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
