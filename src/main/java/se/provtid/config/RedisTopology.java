package se.provtid.config;

import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How this installation reaches Redis: one server (REDIS_URL), a primary found through sentinels, or a cluster; and
 * how many replicas confirm the writes a failover must not lose. The one place that reads those settings.
 */
@Singleton
public class RedisTopology {

    /** How the client finds the server that takes writes. */
    public enum Mode {
        STANDALONE, SENTINEL, CLUSTER
    }

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:\\d{1,5}|\\[[0-9A-Fa-f:]+\\]:\\d{1,5}");

    private final ProvtidConfig.Redis config;

    public RedisTopology(ProvtidConfig config) {
        this.config = config.redis();
    }

    public Mode mode() {
        if (!sentinels().isEmpty()) {
            return Mode.SENTINEL;
        }
        return config.cluster() ? Mode.CLUSTER : Mode.STANDALONE;
    }

    /** The sentinels as the client's endpoint URLs; empty unless REDIS_SENTINELS is set. */
    public List<String> sentinelEndpoints() {
        List<String> urls = new ArrayList<>();
        for (String s : sentinels()) {
            urls.add(s.contains("://") ? s : "redis://" + s);
        }
        return urls;
    }

    public String sentinelMaster() {
        return config.sentinelMaster();
    }

    /** Replicas that must confirm an accepted start, a payment about to be made and a booking; 0: none asked. */
    public int waitReplicas() {
        return config.waitReplicas().orElse(mode() == Mode.SENTINEL ? 1 : 0);
    }

    /** How long such a write waits for them, in ms. */
    public long waitTimeoutMs() {
        return config.waitTimeout().toMillis();
    }

    /**
     * The prefix every key starts with: in cluster mode inside a hash tag, so that all of an installation's keys
     * share one hash slot and every script (which touches a job's keys and the fleet's queue, leases and indexes
     * together) runs on one shard. Unchanged otherwise, so an existing standalone installation keeps its keys.
     */
    public String keyPrefix() {
        String p = config.keyPrefix();
        return mode() == Mode.CLUSTER && !p.contains("{") ? "{" + p + "}" : p;
    }

    /** What is wrong with these settings, one line each naming the setting; empty when they can be used. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String s : sentinels()) {
            if (!validSentinel(s)) {
                problems.add("REDIS_SENTINELS: '" + hostPart(s) + "' is not host:port or a redis:// URL with a port");
            }
        }
        if (!sentinels().isEmpty() && config.cluster()) {
            problems.add("REDIS_SENTINELS and REDIS_CLUSTER=true: a cluster has no sentinels; set one of them");
        }
        if (config.sentinelMaster().isBlank()) {
            problems.add("REDIS_SENTINEL_MASTER: must name the primary the sentinels monitor");
        }
        int replicas = waitReplicas();
        if (replicas < 0) {
            problems.add("REDIS_WAIT_REPLICAS: must be 0 or more, not " + replicas);
        }
        if (replicas > 0 && mode() == Mode.CLUSTER) {
            problems.add("REDIS_WAIT_REPLICAS: must be 0 with REDIS_CLUSTER=true (the cluster client cannot send WAIT"
                    + " to the shard that took the write)");
        }
        if (replicas > 0 && (config.waitTimeout().isNegative() || config.waitTimeout().isZero())) {
            problems.add("REDIS_WAIT_TIMEOUT: must be more than zero (zero would wait for ever)");
        }
        return problems;
    }

    private List<String> sentinels() {
        return config.sentinels().orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean validSentinel(String s) {
        if (!s.contains("://")) {
            return HOST_PORT.matcher(s).matches();
        }
        try {
            URI u = URI.create(s);
            return ("redis".equals(u.getScheme()) || "rediss".equals(u.getScheme())) && u.getHost() != null
                    && u.getPort() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The entry without any credentials, for an error message. */
    private static String hostPart(String s) {
        int at = s.lastIndexOf('@');
        int scheme = s.indexOf("://");
        return at >= 0 ? (scheme >= 0 ? s.substring(0, scheme + 3) : "") + "***@" + s.substring(at + 1) : s;
    }
}
