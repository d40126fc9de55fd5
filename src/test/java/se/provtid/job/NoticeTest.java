package se.provtid.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The watch's notices read as sentences a person understands, with the machine's values in their params. */
class NoticeTest {

    @Test
    void loginRequiredSaysUntilWhenInSwedishTime() {
        Notice endOfDay = Notice.loginRequired("2027-01-17T23:00:00Z"); // midnight in Stockholm
        assertTrue(endOfDay.message().contains("until the end of 17 January 2027"), endOfDay.message());
        assertEquals("2027-01-17T23:00:00Z", endOfDay.params().get("watch_ends_at"));
        Notice atTime = Notice.loginRequired("2027-06-01T10:30:00Z"); // 12:30 summer time
        assertTrue(atTime.message().contains("until 1 June 2027 12:30"), atTime.message());
    }

    @Test
    void slotAvailableNamesThePlaceTheDayAndHowLongThereIs() {
        Notice n = Notice.slotAvailable("Uppsala", "2027-01-12", "08:10", 120);
        assertEquals("A slot at Uppsala on 12 January 08:10 is free now: scan within 2 minutes to try for it",
                n.message());
        assertEquals(120L, n.params().get("scan_within_seconds"));
        assertTrue(Notice.slotAvailable("Uppsala", "2027-01-12", "08:10", 90).message()
                .contains("scan within 90 seconds"));
    }
}
