package se.provtid.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Reads a job's event stream. */
@Singleton
public class EventLog {

    private final RedisDataSource redis;
    private final RedisKeys keys;

    public EventLog(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Events after {@code afterId} (exclusive; "0" for all), oldest first, at most {@code count}. */
    public List<StoredEvent> after(String jobId, String afterId, int count) {
        String start = "0".equals(afterId) || afterId.equals("0-0") ? "-" : "(" + afterId;
        return parse(redis.execute("XRANGE", keys.events(jobId), start, "+", "COUNT", Integer.toString(count)));
    }

    /** The event with exactly this id, or null. */
    public StoredEvent byId(String jobId, String id) {
        List<StoredEvent> one = parse(redis.execute("XRANGE", keys.events(jobId), id, id));
        return one.isEmpty() ? null : one.getFirst();
    }

    /** Id of the newest entry, or "0" when the stream is empty. */
    public String lastId(String jobId) {
        List<StoredEvent> last = parse(redis.execute("XREVRANGE", keys.events(jobId), "+", "-", "COUNT", "1"));
        return last.isEmpty() ? "0" : last.getFirst().id();
    }

    private static List<StoredEvent> parse(Response r) {
        List<StoredEvent> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
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
}
