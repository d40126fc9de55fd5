package se.provtid.support;

import java.util.Map;

/** Reads figures out of Prometheus' text format, as a scraper would. */
public final class PromText {

    private PromText() {
    }

    /**
     * The sum of every sample of {@code name} whose labels include all of {@code labels}; -1 when there is no such
     * sample at all (so "absent" and "zero" differ).
     */
    public static double value(String text, String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String raw : text.lines().toList()) {
            // A sample may carry an exemplar (" # {trace_id=...} value timestamp"): the sample's value comes before.
            int exemplar = raw.indexOf(" # ");
            String line = exemplar < 0 ? raw : raw.substring(0, exemplar);
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            if (labels.entrySet().stream().allMatch(e -> series.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                sum += Double.parseDouble(line.substring(space + 1));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    public static double value(String text, String name) {
        return value(text, name, Map.of());
    }
}
