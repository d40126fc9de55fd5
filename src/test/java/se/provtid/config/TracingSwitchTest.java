package se.provtid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing is off unless an OTLP endpoint is set; an explicit switch wins. */
class TracingSwitchTest {

    @Test
    void offWithoutAnEndpoint() {
        assertEquals("true", disabled(Map.of()));
        assertEquals("true", disabled(Map.of(TracingSwitch.ENDPOINT, "")));
    }

    @Test
    void onWithAnEndpoint() {
        assertEquals("false", disabled(Map.of(TracingSwitch.ENDPOINT, "http://collector:4317")));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals("true", disabled(Map.of(TracingSwitch.ENDPOINT, "http://collector:4317",
                TracingSwitch.DISABLED, "true")));
        assertEquals("false", disabled(Map.of(TracingSwitch.DISABLED, "false")));
    }

    private static String disabled(Map<String, String> set) {
        Map<String, String> props = new HashMap<>(set);
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .withDefaultValue(TracingSwitch.DISABLED, "false")
                .withSources(new PropertiesConfigSource(props, "test", 250))
                .withInterceptors(new TracingSwitch()).build();
        return c.getRawValue(TracingSwitch.DISABLED);
    }
}
