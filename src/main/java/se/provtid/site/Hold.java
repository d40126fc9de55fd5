package se.provtid.site;

/** A slot the person holds at the site, and until when (ISO-8601 instant). */
public record Hold(Occasion occasion, String expires) {
}
