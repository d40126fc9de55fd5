package se.provtid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RATE_LIMIT_WINDOW as the original design writes it (a bare number of seconds) is read by the converter Quarkus
 * registers for every Duration, and StartupChecks refuses a window of zero or less.
 */
class StartupChecksTest {

    @Test
    void aBareNumberIsSecondsAndDurationsAsTheOtherSettings() {
        assertEquals(Duration.ofSeconds(60), window("60"));
        assertEquals(Duration.ofMinutes(1), window("PT1M"));
        assertEquals(Duration.ofMillis(1500), window("PT1.5S"));
        assertEquals(Duration.ofSeconds(30), window("30s"));
        assertEquals(Duration.ofHours(1), window("1h"));
    }

    @Test
    void nonsenseIsRefusedByTheConverter() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> window("a minute"));
        assertTrue(e.getMessage().contains("provtid.rate-limit.window"), e.getMessage());
    }

    @Test
    void aWindowOfZeroOrLessStopsTheStart() {
        for (String w : List.of("0", "PT0S", "-5", "PT-5S")) {
            List<String> problems = new StartupChecks(config(w)).problems(false);
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("RATE_LIMIT_WINDOW must be longer than zero")),
                    w + ": " + problems);
        }
    }

    @Test
    void aPositiveWindowIsNoProblem() {
        assertEquals(List.of(), new StartupChecks(config("60")).problems(false));
    }

    private static Duration window(String value) {
        return config(value).rateLimit().window();
    }

    /** The typed settings as Quarkus builds them: the mapping, with the converters found on the class path. */
    private static ProvtidConfig config(String window) {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .addDiscoveredConverters()
                .withMapping(ProvtidConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("provtid.rate-limit.window", window,
                        "provtid.api.secret-token", "a-test-secret-of-more-than-thirty-two-bytes"), "test", 500))
                .build();
        return c.getConfigMapping(ProvtidConfig.class);
    }
}
