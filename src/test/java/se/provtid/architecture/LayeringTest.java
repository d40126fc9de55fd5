package se.provtid.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/architecture.md, held by ArchUnit over the production classes. */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("se.provtid");

    @Test
    void onlyTheQueueAndTheWebhookStoresTalkToRedis() {
        noClasses().that().resideOutsideOfPackages("se.provtid.queue..", "se.provtid.webhook..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus.redis..", "io.vertx.redis..",
                        "io.vertx.mutiny.redis..")
                .because("Redis keys, scripts and clients live in one place")
                .check(MAIN);
    }

    @Test
    void onlyBrowserAndSiteTouchPlaywright() {
        noClasses().that().resideOutsideOfPackages("se.provtid.browser..", "se.provtid.site..")
                .should().dependOnClassesThat().resideInAPackage("com.microsoft.playwright..")
                .because("Playwright objects are confined to browser hosts and the site adapter")
                .check(MAIN);
    }

    @Test
    void nothingOutsideTheApiDependsOnTheApi() {
        noClasses().that().resideOutsideOfPackage("se.provtid.api..")
                .should().dependOnClassesThat().resideInAPackage("se.provtid.api..")
                .because("HTTP is the outermost layer: services throw domain exceptions, the api maps them")
                .check(MAIN);
    }

    @Test
    void theWorkerSeesOnlyTheSiteInterface() {
        noClasses().that().resideInAPackage("se.provtid.worker..")
                .should().dependOnClassesThat().resideInAPackage("se.provtid.site.trafikverket..")
                .because("the worker talks to one adapter interface; the site's shapes stay in its adapter")
                .check(MAIN);
    }

    @Test
    void theSimulatorKeepsItsOwnIdsOfTheSite() {
        noClasses().that().resideInAPackage("se.provtid.sim..")
                .should().dependOnClassesThat().resideInAPackage("se.provtid.site.trafikverket..")
                .because("the simulator stands for the site: were it to share the adapter's ids, a wrong id would pass "
                        + "every test against it (SimCatalogTest compares the two instead)")
                .check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("se.provtid.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
