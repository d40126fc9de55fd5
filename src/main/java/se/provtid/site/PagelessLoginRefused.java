package se.provtid.site;

/**
 * The site answered a login without its page in a way its app would never be answered (an HTML page where JSON
 * was expected, a refusal, a value missing): that login needs the page. The reason is one of a small fixed set.
 */
public final class PagelessLoginRefused extends SiteException {

    /** Every reason there is. */
    public static final java.util.List<String> REASONS = java.util.List.of("html", "refused", "missing_value",
            "unexpected");

    /** Why, as the fallback meter's tag: {@code html}, {@code refused}, {@code missing_value}, {@code unexpected}. */
    private final String reason;

    public PagelessLoginRefused(int status, String reason, String step) {
        super(status, "the site did not take a login without its page (" + reason + " at " + step + ")");
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
