package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Allow header's table knows every resource and reads their templates right. */
class AllowedMethodsTest {

    @Test
    void everyResourceClassIsListed() {
        Set<Class<?>> annotated = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("se.provtid").stream().filter(c -> c.isAnnotatedWith(Path.class))
                .map(c -> (Class<?>) c.reflect()).collect(Collectors.toSet());
        assertEquals(annotated, Set.copyOf(AllowedMethods.RESOURCES));
    }

    @Test
    void pathsMatchTheirTemplates() {
        assertEquals("GET, HEAD", AllowedMethods.of("/api/v1/booking/status/job_1"));
        assertEquals("POST", AllowedMethods.of("/api/v1/booking/start"));
        assertEquals("", AllowedMethods.of("/nowhere"));
    }
}
