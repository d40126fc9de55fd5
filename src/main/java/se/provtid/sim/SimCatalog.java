package se.provtid.sim;

import java.util.List;
import java.util.Map;

/** The simulator's fixed catalogue: licences, exam types, vehicles and test locations (real names; real ids where known). */
public final class SimCatalog {

    /** A test location. */
    public record Location(long id, String name, String address, double latitude, double longitude) {
    }

    /** An exam type as search-information lists it. */
    public record ExamTypeInfo(int id, String name) {
    }

    /**
     * Licence name to licence id: the site's own numbering, written out here rather than taken from the adapter, so
     * a wrong id in the adapter fails against the simulator (SimCatalogTest compares the two).
     */
    public static final Map<String, Integer> LICENCES = Map.ofEntries(
            Map.entry("AM", 1), Map.entry("A1", 2), Map.entry("A", 4), Map.entry("A2", 24), Map.entry("B", 5),
            Map.entry("B96", 23), Map.entry("BE", 7), Map.entry("C", 8), Map.entry("C1", 25), Map.entry("C1E", 26),
            Map.entry("CE", 9), Map.entry("D", 10), Map.entry("D1", 27), Map.entry("D1E", 28), Map.entry("DE", 11),
            Map.entry("Traktor", 18), Map.entry("Taxi", 13));

    /** Vehicle type ids, and the language id of Swedish. */
    public static final int MANUAL = 2;
    public static final int AUTOMATIC = 4;
    public static final int SWEDISH = 13;

    public static final List<Location> LOCATIONS = List.of(
            new Location(1000140, "Stockholm", "Tomtebodavägen 1, Solna", 59.3473, 18.0190),
            new Location(1000071, "Uppsala", "Fyrislundsgatan 68, Uppsala", 59.8526, 17.6770),
            new Location(1000019, "Göteborg", "Ringögatan 12, Göteborg", 57.7240, 11.9700),
            new Location(1000061, "Malmö", "Höjdrodergatan 21, Malmö", 55.5650, 13.0530),
            new Location(1000009, "Linköping", "Roxtorpsgatan 9, Linköping", 58.4250, 15.5800),
            new Location(1000118, "Gävle", "Skolgången 6, Gävle", 60.6750, 17.1500),
            new Location(1000130, "Skövde", "Hasslumsvägen 10, Skövde", 58.4000, 13.8600),
            new Location(1000072, "Örebro", "Bettorpsgatan 4, Örebro", 59.2900, 15.2300),
            new Location(1000080, "Västerås", "Kopparlundsvägen 7, Västerås", 59.6200, 16.5100),
            new Location(1000087, "Umeå", "Formvägen 16, Umeå", 63.8100, 20.2600),
            new Location(1000034, "Jönköping", "Herkulesvägen 5, Jönköping", 57.7700, 14.2000),
            new Location(1000046, "Norrköping", "Kabelvägen 3, Norrköping", 58.6000, 16.1600),
            new Location(1000027, "Helsingborg", "Garnisonsgatan 20, Helsingborg", 56.0600, 12.7200),
            new Location(1000053, "Karlstad", "Sandbäcksgatan 10, Karlstad", 59.3900, 13.4900),
            new Location(1000095, "Sundsvall", "Västra vägen 4, Sundsvall", 62.3900, 17.2900),
            new Location(1000102, "Luleå", "Aurorum 2, Luleå", 65.6200, 22.1300));

    private SimCatalog() {
    }

    /** Exam types a licence offers: driving test and theory test, with the site's licence-dependent ids. */
    public static List<ExamTypeInfo> examTypes(int licenceId) {
        if (licenceId == 4 || licenceId == 2 || licenceId == 24) {
            return List.of(new ExamTypeInfo(10, "Körprov"), new ExamTypeInfo(2, "Kunskapsprov"));
        }
        return List.of(new ExamTypeInfo(12, "Körprov"), new ExamTypeInfo(3, "Kunskapsprov"));
    }

    /** Whether the exam type id is a driving test (a vehicle matters) rather than a theory test. */
    public static boolean isDrivingTest(int examinationTypeId) {
        return examinationTypeId == 12 || examinationTypeId == 10;
    }

    public static Location location(long id) {
        return LOCATIONS.stream().filter(l -> l.id() == id).findFirst().orElse(null);
    }
}
