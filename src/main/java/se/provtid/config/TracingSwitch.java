package se.provtid.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Tracing is off unless an OTLP endpoint is set ({@code OTEL_EXPORTER_OTLP_ENDPOINT}): answers
 * {@code quarkus.otel.sdk.disabled} from that, so a newcomer never sees an exporter retrying a collector that is
 * not there. An explicit {@code QUARKUS_OTEL_SDK_DISABLED} still wins.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    /** The setting that names the collector (see application.properties). */
    static final String ENDPOINT = "otlp-endpoint";
    /** Ordinals of sources a person writes (properties files 100-250, environment 300, system properties 400); below are defaults. */
    private static final int SET_BY_SOMEONE = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!DISABLED.equals(name) || (value != null && value.getConfigSourceOrdinal() >= SET_BY_SOMEONE)) {
            return value;
        }
        ConfigValue endpoint = context.proceed(ENDPOINT);
        boolean off = endpoint == null || endpoint.getValue() == null || endpoint.getValue().isBlank();
        ConfigValue.ConfigValueBuilder b = value != null ? value.from() : ConfigValue.builder().withName(name);
        return b.withValue(Boolean.toString(off)).withConfigSourceName("provtid tracing switch").build();
    }
}
