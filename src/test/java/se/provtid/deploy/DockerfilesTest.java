package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two JVM Dockerfiles build the same runtime image (Dockerfile.build only adds a Maven stage), and the native
 * one builds the api role only. bin/container-test builds and runs the JVM image itself.
 */
class DockerfilesTest {

    private static final Path DOCKER = Path.of("src", "main", "docker");
    private static final String RUNTIME_MARKER = "# ---- the runtime image";

    @Test
    void theSourceBuildSharesTheRuntimeImageWordForWord() throws IOException {
        String jvm = Files.readString(DOCKER.resolve("Dockerfile.jvm"));
        String build = Files.readString(DOCKER.resolve("Dockerfile.build"));
        assertTrue(jvm.contains(RUNTIME_MARKER) && build.contains(RUNTIME_MARKER), "both files mark the shared part");
        // The one difference: Dockerfile.build copies the packaged application from its build stage.
        String buildRuntime = build.substring(build.indexOf(RUNTIME_MARKER))
                .replace("COPY --from=build /src/target/quarkus-app/", "COPY target/quarkus-app/");
        assertEquals(jvm.substring(jvm.indexOf(RUNTIME_MARKER)), buildRuntime,
                "copy Dockerfile.jvm's runtime part into Dockerfile.build");
        assertTrue(build.contains("COPY --from=build /src/target/quarkus-app/lib/"), "the build reads its own jar");
    }

    @Test
    void theNativeImageRunsTheApiRoleOnly() throws IOException {
        List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile.native"));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\s*PROVTID_ROLE=api\\b.*")), "the image sets PROVTID_ROLE=api");
        assertTrue(lines.stream().noneMatch(l -> !l.startsWith("#") && l.toLowerCase().contains("chromium")),
                "no browser in the native image");
        assertTrue(lines.stream().noneMatch(l -> !l.startsWith("#") && l.contains("playwright")),
                "no Playwright driver in the native image");
    }
}
