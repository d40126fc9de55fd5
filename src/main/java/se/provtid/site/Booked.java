package se.provtid.site;

/** An exam the person has booked at the site, with the site's booking id. */
public record Booked(Occasion occasion, String bookingId) {
}
