package se.provtid.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import se.provtid.queue.StoredEvent;
import se.provtid.stream.JobFeeds;

/** The layering rules of docs/architecture.md, held by ArchUnit over the production classes. */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("se.provtid");

    /**
     * What an api resource may use of the project besides the api and service: the domain's values (job), the
     * settings (config), and two named exceptions for the event stream. {@link JobFeeds} is the stream's own service
     * (each process's fan-out of a job's events, reading the event log itself); a pass-through in service would add
     * a hop and nothing else. {@link StoredEvent} is one event as read, a value that an SSE frame writes out.
     */
    private static final DescribedPredicate<JavaClass> BEHIND_THE_SERVICES = resideInAPackage("se.provtid..")
            .and(not(resideInAnyPackage("se.provtid.api..", "se.provtid.service..", "se.provtid.job..",
                    "se.provtid.config..")))
            .and(not(equivalentTo(JobFeeds.class))).and(not(equivalentTo(StoredEvent.class)))
            .as("are project classes behind the services (stores, webhook, worker, site, browser, stream)");

    @Test
    void onlyTheQueueTheSearchAndTheWebhookStoresTalkToRedis() {
        noClasses().that().resideOutsideOfPackages("se.provtid.queue..", "se.provtid.search..", "se.provtid.webhook..")
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
    void onlyTheApiTheHealthEndpointsAndTheSimulatorServeHttp() {
        String[] rooms = {"se.provtid.api..", "se.provtid.health..", "se.provtid.sim.."};
        noClasses().that().resideOutsideOfPackages(rooms).should().beAnnotatedWith(Path.class)
                .because("HTTP has three rooms: the API, the health endpoints and the simulated site")
                .check(MAIN);
        noMethods().that().areDeclaredInClassesThat().resideOutsideOfPackages(rooms).should()
                .beAnnotatedWith(Path.class)
                .because("HTTP has three rooms: the API, the health endpoints and the simulated site")
                .check(MAIN);
    }

    @Test
    void apiResourcesReachTheStoresOnlyThroughTheServices() {
        noClasses().that().resideInAPackage("se.provtid.api..").and().areAnnotatedWith(Path.class)
                .should().dependOnClassesThat(BEHIND_THE_SERVICES)
                .because("a resource speaks HTTP; what it reads and does is the services', so a store can change "
                        + "under one service rather than under every resource")
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
    void theSearchUsesOnlyTheDomainTheSiteInterfaceTheQueueAndTheSettings() {
        noClasses().that().resideInAPackage("se.provtid.search..")
                .should().dependOnClassesThat(resideInAPackage("se.provtid..")
                        .and(not(resideInAnyPackage("se.provtid.search..", "se.provtid.job..", "se.provtid.site",
                                "se.provtid.queue..", "se.provtid.config.."))))
                .because("the fleet search sits between the worker (which uses it) and the stores: it plans and hands "
                        + "out through Redis and sees the site only through its interface's records")
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
