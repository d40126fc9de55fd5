package se.provtid.job;

import java.time.LocalDate;

/** An inclusive range of dates the person can take the test on. */
public record DateRange(LocalDate start, LocalDate end) {

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }
}
