package se.provtid.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import se.provtid.job.Licences;
import se.provtid.site.trafikverket.TrafikverketIds;

/**
 * The simulator's ids are its own copy of the site's numbering, compared here with what the adapter sends: were the
 * simulator to take them from the adapter, a wrong adapter id would pass every test against the simulator.
 */
class SimCatalogTest {

    @Test
    void theSimulatorNumbersLicencesAsTheAdapterExpects() {
        assertEquals(TrafikverketIds.LICENCES, SimCatalog.LICENCES);
    }

    @Test
    void theSimulatorOffersEveryLicenceTheApiTakes() {
        assertEquals(Licences.NAMES, SimCatalog.LICENCES.keySet());
    }

    @Test
    void theSimulatorNumbersVehiclesAndLanguageAsTheAdapterExpects() {
        assertEquals(TrafikverketIds.VEHICLE_MANUAL, SimCatalog.MANUAL, "manual");
        assertEquals(TrafikverketIds.VEHICLE_AUTOMATIC, SimCatalog.AUTOMATIC, "automatic");
        assertEquals(TrafikverketIds.LANGUAGE_SWEDISH, SimCatalog.SWEDISH, "Swedish");
    }
}
