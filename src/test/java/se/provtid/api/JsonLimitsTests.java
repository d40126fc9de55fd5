package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The application's JSON parser has explicit limits: deep nesting and overlong numbers are refused. */
@QuarkusTest
class JsonLimitsTests {

    @Inject
    ObjectMapper json;

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws Exception {
        assertEquals(1, json.readTree("[".repeat(JsonLimits.MAX_NESTING) + "]".repeat(JsonLimits.MAX_NESTING))
                .size(), "the limit itself is fine");
        String deep = "[".repeat(JsonLimits.MAX_NESTING + 1) + "]".repeat(JsonLimits.MAX_NESTING + 1);
        assertThrows(StreamConstraintsException.class, () -> json.readTree(deep));
    }

    @Test
    void overlongNumbersAreRefused() {
        assertThrows(StreamConstraintsException.class, () -> json.readTree("{\"n\": " + "9".repeat(65) + "}"));
    }
}
