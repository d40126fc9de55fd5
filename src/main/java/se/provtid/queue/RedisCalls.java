package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;
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

    /** An error reply's code: its first word, upper case ("READONLY You can't write against a read only replica"). */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Z_]{1,31}");

    private RedisCalls() {
    }

    /** Runs a blocking client call. */
    public static <T> T blocking(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** Runs a blocking client call that answers nothing the caller needs. */
    public static void blocking(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw translate(e);
        }
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
        return new RedisUnavailableException(reason(t));
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
