package se.provtid.stream;

/** Too many open streams: of one job, or in this process. */
public final class StreamLimitException extends RuntimeException {

    /** Which limit was reached. */
    public enum Limit {
        PER_JOB, PER_PROCESS
    }

    private final Limit limit;
    private final int max;

    StreamLimitException(Limit limit, int max) {
        super("stream limit reached", null, false, false);
        this.limit = limit;
        this.max = max;
    }

    public Limit limit() {
        return limit;
    }

    public int max() {
        return max;
    }
}
