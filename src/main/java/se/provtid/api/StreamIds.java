package se.provtid.api;

/** Redis Stream entry ids ("millis-seq"): validation and ordering. */
final class StreamIds {

    private StreamIds() {
    }

    static boolean valid(String id) {
        return id.matches("\\d{1,19}-\\d{1,19}");
    }

    static int compare(String a, String b) {
        long[] x = split(a);
        long[] y = split(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    private static long[] split(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return new long[] {Long.parseLong(id), 0};
        }
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
