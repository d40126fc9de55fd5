package se.provtid.worker;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * When an invoice for a test must be paid: the site cancels an unpaid booking of a person under 18 on the test
 * date 25 hours before the test. Read from the personal number, which is never kept or shown here.
 */
final class PayBy {

    static final Duration BEFORE_TEST = Duration.ofHours(25);
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    /** A coordination number (samordningsnummer) adds 60 to the day of birth. */
    private static final int COORDINATION_DAY = 60;

    private PayBy() {
    }

    /**
     * The pay-by instant (test start in Swedish time minus 25 h, ISO) when the person is under 18 on the test's date,
     * else null; null too when the personal number or the time cannot be read (no deadline we could stand behind).
     */
    static String of(String personalNumber, LocalDate testDate, String testTime) {
        LocalDate born = birthDate(personalNumber);
        if (born == null || !testDate.isBefore(born.plusYears(18))) {
            return null;
        }
        try {
            Instant start = testDate.atTime(LocalTime.parse(testTime.trim())).atZone(SWEDEN).toInstant();
            return start.minus(BEFORE_TEST).toString();
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** The date of birth of a 12-digit personal number (YYYYMMDDNNNN, also with a dash), or null. */
    static LocalDate birthDate(String personalNumber) {
        if (personalNumber == null) {
            return null;
        }
        String digits = personalNumber.replace("-", "");
        if (!digits.matches("\\d{12}")) {
            return null;
        }
        int year = Integer.parseInt(digits.substring(0, 4));
        int month = Integer.parseInt(digits.substring(4, 6));
        int day = Integer.parseInt(digits.substring(6, 8));
        if (day > COORDINATION_DAY) {
            day -= COORDINATION_DAY;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
