package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A command-line tool a test needs (promtool, kubectl): found on the PATH, run with a time limit. */
final class ExternalTool {

    /** What a run printed, and how it ended. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /**
     * The tool, or the end of the test: under CI (CI=true) a missing tool fails it, because bin/test installs it and a
     * skipped check would pass unseen; on a developer's machine it is skipped with the way to install it.
     */
    static ExternalTool require(String name, String howToInstall) {
        Path found = find(name);
        if (found != null) {
            return new ExternalTool(found);
        }
        String message = name + " is not on the PATH; install it: " + howToInstall;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static Path find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
        for (String dir : path.split(":")) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs the tool in a directory; output and errors together, as a person would read them. */
    Result run(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toAbsolutePath().toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read before waiting, so a large output cannot block the process on a full pipe.
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    /** Like {@link #run} but fails the test unless the tool succeeds; returns its output. */
    String runOk(Path workDir, String... args) {
        Result r = run(workDir, args);
        if (!r.ok()) {
            fail(executable.getFileName() + " " + String.join(" ", args) + " (in " + workDir + ") exited with "
                    + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }
}
