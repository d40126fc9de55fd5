package se.provtid.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * REDIS_CLUSTER=true as Quarkus' client type of both Redis pools: Quarkus checks the type against REDIS_URL's list of
 * seed nodes before {@code queue.RedisClientSetup} sees the client's options, so the type must be configuration.
 * An explicit QUARKUS_REDIS_CLIENT_TYPE (environment, ordinal 300) still wins.
 */
public class RedisClusterTypeSource implements ConfigSourceFactory {

    /** Above application.properties (250), below the environment (300). */
    static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!clustered(context)) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.redis.client-type", "cluster",
                "quarkus.redis.workers.client-type", "cluster"), "provtid-redis-cluster", ORDINAL));
    }

    private static boolean clustered(ConfigSourceContext context) {
        for (String name : List.of("provtid.redis.cluster", "REDIS_CLUSTER")) {
            ConfigValue v = context.getValue(name);
            if (v != null && v.getValue() != null && !v.getValue().contains("${")) {
                return Boolean.parseBoolean(v.getValue().strip());
            }
        }
        return false;
    }
}
