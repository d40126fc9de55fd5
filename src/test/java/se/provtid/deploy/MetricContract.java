package se.provtid.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The metric names Provtid serves, from deploy/monitoring/metrics.txt: what dashboards and rules may read. */
final class MetricContract {

    static final Path FILE = Path.of("deploy/monitoring/metrics.txt");

    private final Set<String> exact = new TreeSet<>();
    private final List<String> prefixes;

    private MetricContract(List<String> lines) {
        List<String> names = lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        prefixes = names.stream().filter(n -> n.endsWith("*")).map(n -> n.substring(0, n.length() - 1)).toList();
        names.stream().filter(n -> !n.endsWith("*")).forEach(exact::add);
    }

    static MetricContract load() {
        try {
            return new MetricContract(Files.readAllLines(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean allows(String name) {
        return exact.contains(name) || prefixes.stream().anyMatch(name::startsWith);
    }

    /** Names the expression reads that the contract does not list. */
    Set<String> unknownIn(String expression) {
        Set<String> unknown = new TreeSet<>(PromQl.metricNames(expression));
        unknown.removeIf(this::allows);
        return unknown;
    }

    Set<String> exactNames() {
        return exact;
    }
}
