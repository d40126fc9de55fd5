package se.provtid.site;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps the place names a person typed to the site's locations, and suggests the closest names for a miss. */
public final class LocationMatcher {

    private final Map<String, Long> locations;

    public LocationMatcher(Map<String, Long> locations) {
        this.locations = locations;
    }

    /** The id of the location with this name (ignoring case and accents), or null. */
    public Long find(String name) {
        String key = normalize(name);
        return locations.entrySet().stream().filter(e -> normalize(e.getKey()).equals(key)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** Up to three known names closest to the given one. */
    public List<String> closest(String name) {
        String key = normalize(name);
        return locations.keySet().stream()
                .sorted(Comparator.comparingInt((String n) -> distance(key, normalize(n))).thenComparing(n -> n))
                .limit(3).toList();
    }

    public static String normalize(String s) {
        return Normalizer.normalize(s.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
