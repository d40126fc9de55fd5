package se.provtid.job;

import java.util.Set;

/** The driving licence classes a job may ask for (the site's adapter knows each one's id). */
public final class Licences {

    /** Every licence class by the name people and the site use. */
    public static final Set<String> NAMES = Set.of("AM", "A1", "A", "A2", "B", "B96", "BE", "C", "C1", "C1E", "CE",
            "D", "D1", "D1E", "DE", "Traktor", "Taxi");

    private Licences() {
    }
}
