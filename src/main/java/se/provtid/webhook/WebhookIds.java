package se.provtid.webhook;

/** Stable webhook ids and Redis stream id arithmetic. */
final class WebhookIds {

    private WebhookIds() {
    }

    /**
     * The {@code webhook-id} of one event: derived from the job and the event's stream id, so it is the same on every
     * retry, replay and process, and the same for every endpoint. Has no '.', which the signed content uses.
     */
    static String of(String jobId, String streamId) {
        return "msg_" + jobId + "_" + streamId;
    }

    /** Orders stream ids ("millis-seq"; "0" sorts first). */
    static int compare(String a, String b) {
        long[] x = split(a);
        long[] y = split(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    /** When the entry was added (epoch ms): the first half of a stream id. */
    static long millis(String streamId) {
        return split(streamId)[0];
    }

    private static long[] split(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return new long[] {Long.parseLong(id), 0};
        }
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
