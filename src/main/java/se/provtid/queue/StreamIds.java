package se.provtid.queue;

import java.util.regex.Pattern;

/** Redis Stream entry ids ("millis-seq"; "0" sorts first): validation, ordering and their time. */
public final class StreamIds {

    private static final Pattern ID = Pattern.compile("\\d{1,19}-\\d{1,19}");

    private StreamIds() {
    }

    /** Whether the text is a full stream id such as a Last-Event-ID. */
    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Orders two stream ids. */
    public static int compare(String a, String b) {
        long[] x = split(a);
        long[] y = split(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    /** When the entry was added (epoch ms): the first half of a stream id. */
    public static long millis(String streamId) {
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
