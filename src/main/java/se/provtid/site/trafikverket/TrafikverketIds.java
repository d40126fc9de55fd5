package se.provtid.site.trafikverket;

import java.util.Map;

/** The booking site's fixed identifiers (from the site dossier): licences and vehicle types. */
public final class TrafikverketIds {

    /** Licence name to licence id. */
    public static final Map<String, Integer> LICENCES = Map.ofEntries(
            Map.entry("AM", 1), Map.entry("A1", 2), Map.entry("A", 4), Map.entry("A2", 24), Map.entry("B", 5),
            Map.entry("B96", 23), Map.entry("BE", 7), Map.entry("C", 8), Map.entry("C1", 25), Map.entry("C1E", 26),
            Map.entry("CE", 9), Map.entry("D", 10), Map.entry("D1", 27), Map.entry("D1E", 28), Map.entry("DE", 11),
            Map.entry("Traktor", 18), Map.entry("Taxi", 13));

    public static final int VEHICLE_MANUAL = 2;
    public static final int VEHICLE_AUTOMATIC = 4;
    public static final int LANGUAGE_SWEDISH = 13;

    private TrafikverketIds() {
    }
}
