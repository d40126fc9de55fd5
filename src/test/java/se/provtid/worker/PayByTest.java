package se.provtid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The pay-by time of an invoice: only for a person under 18 on the test date, 25 hours before the test. */
class PayByTest {

    private static final LocalDate TEST_DAY = LocalDate.of(2031, 1, 14);

    @Test
    void underEighteenOnTheTestDatePaysTwentyFiveHoursBefore() {
        // Born 2013-01-15: 17 on the test day, turns 18 the day after. 08:10 in Stockholm in January is 07:10 UTC.
        assertEquals("2031-01-13T06:10:00Z", PayBy.of("201301152384", TEST_DAY, "08:10"));
        // Summer time: 08:10 on 2031-06-10 is 06:10 UTC.
        assertEquals("2031-06-09T05:10:00Z", PayBy.of("201601019999", LocalDate.of(2031, 6, 10), "08:10"));
    }

    @Test
    void eighteenOnTheTestDateOrOlderHasNoDeadline() {
        assertNull(PayBy.of("201301142384", TEST_DAY, "08:10"), "the 18th birthday itself");
        assertNull(PayBy.of("199001011234", TEST_DAY, "08:10"));
    }

    @Test
    void coordinationNumbersAndDashesAreRead() {
        assertEquals(LocalDate.of(2013, 1, 15), PayBy.birthDate("201301752384"));
        assertEquals(LocalDate.of(2013, 1, 15), PayBy.birthDate("20130115-2384"));
    }

    @Test
    void whatCannotBeReadGivesNoDeadline() {
        assertNull(PayBy.of(null, TEST_DAY, "08:10"));
        assertNull(PayBy.of("2013011523", TEST_DAY, "08:10"));
        assertNull(PayBy.of("201302302384", TEST_DAY, "08:10"), "30 February");
        assertNull(PayBy.of("201301152384", TEST_DAY, "8 o'clock"));
    }
}
