package se.provtid.queue;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import jakarta.inject.Singleton;
import se.provtid.config.RedisTopology;

/**
 * Points both Redis pools (the API's and the workers') at what {@link RedisTopology} says: the sentinels' primary,
 * followed through a failover without a restart, or a cluster; a standalone server keeps Quarkus' own settings.
 */
@Singleton
public class RedisClientSetup implements RedisOptionsCustomizer {

    private final RedisTopology topology;

    public RedisClientSetup(RedisTopology topology) {
        this.topology = topology;
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        switch (topology.mode()) {
            case SENTINEL -> options.setType(RedisClientType.SENTINEL).setEndpoints(topology.sentinelEndpoints())
                    .setMasterName(topology.sentinelMaster()).setRole(RedisRole.MASTER)
                    // The client also watches the sentinels: on +switch-master it closes every connection to the
                    // old primary at once, rather than each failing on its next command.
                    .setAutoFailover(true);
            case CLUSTER -> options.setType(RedisClientType.CLUSTER); // config.RedisClusterTypeSource set it already
            case STANDALONE -> {
                // Quarkus' own settings (quarkus.redis.hosts from REDIS_URL) stand.
            }
        }
    }
}
