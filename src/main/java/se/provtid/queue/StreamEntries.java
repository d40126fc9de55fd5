package se.provtid.queue;

import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/** Reads XRANGE/XREVRANGE answers into {@link StoredEvent}s, and builds their range bounds. */
final class StreamEntries {

    private StreamEntries() {
    }

    /** The exclusive lower bound of "after this id" ("0" meaning from the start). */
    static String after(String afterId) {
        return "0".equals(afterId) || "0-0".equals(afterId) ? "-" : "(" + afterId;
    }

    static List<StoredEvent> parse(Response r) {
        if (r == null) {
            return List.of();
        }
        List<StoredEvent> out = new ArrayList<>(r.size());
        for (Response entry : r) {
            String id = entry.get(0).toString();
            Response fields = entry.get(1);
            String type = null;
            String data = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String f = fields.get(i).toString();
                if (f.equals("type")) {
                    type = fields.get(i + 1).toString();
                } else if (f.equals("data")) {
                    data = fields.get(i + 1).toString();
                }
            }
            out.add(new StoredEvent(id, type, data));
        }
        return out;
    }

    static String lastId(List<StoredEvent> newestFirst) {
        return newestFirst.isEmpty() ? "0" : newestFirst.getFirst().id();
    }
}
