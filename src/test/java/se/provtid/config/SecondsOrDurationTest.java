package se.provtid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecondsOrDurationTest {

    private final SecondsOrDuration c = new SecondsOrDuration();

    @Test
    void aBareNumberIsSeconds() {
        assertEquals(Duration.ofSeconds(60), c.convert("60"));
        assertEquals(Duration.ofSeconds(1), c.convert(" 1 "));
    }

    @Test
    void durationsAsTheOtherSettings() {
        assertEquals(Duration.ofMinutes(1), c.convert("PT1M"));
        assertEquals(Duration.ofSeconds(10), c.convert("PT10S"));
        assertEquals(Duration.ofMillis(1500), c.convert("PT1.5S"));
        assertEquals(Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(Duration.ofHours(1), c.convert("1h"));
    }

    @Test
    void zeroNegativeAndNonsenseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> c.convert("0"));
        assertThrows(IllegalArgumentException.class, () -> c.convert("PT0S"));
        assertThrows(IllegalArgumentException.class, () -> c.convert("PT-5S"));
        assertThrows(IllegalArgumentException.class, () -> c.convert("a minute"));
        assertThrows(IllegalArgumentException.class, () -> c.convert("99999999999999999999999"));
    }
}
