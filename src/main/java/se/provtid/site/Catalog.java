package se.provtid.site;

import java.util.Map;

/** What the site offers for a licence and exam: its places (name to id), and whether it offers that exam at all. */
public record Catalog(Map<String, Long> locations, boolean offersExam) {
}
