package se.provtid.logging;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must never reach a log: Swedish personal identity numbers, BankID QR payloads and autostart tokens,
 * bearer tokens, {@code whsec_} secrets and cookie headers. A second line of defence: the code already avoids logging them.
 * Job ids ({@code job_} + hex), Redis stream ids ({@code 1733030000123-0}), epoch times and ports stay readable.
 */
public final class Redaction {

    public static final String MASK = "[redacted]";

    /** 10 or 12 digits, YYMMDD or YYYYMMDD (day + 60 for a co-ordination number), optional '-' or '+'. */
    private static final Pattern PERSONAL_NUMBER = Pattern.compile(
            "(?<![0-9A-Za-z_])(?:(?:19|20)\\d{2}|\\d{2})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]|6[1-9]|[78]\\d|9[01])"
                    + "[-+]?\\d{4}(?![0-9A-Za-z_-])");
    private static final Pattern BANKID_QR = Pattern.compile("bankid\\.[A-Za-z0-9_-]+\\.\\d+\\.[0-9A-Fa-f]+");
    /**
     * An autostart token is a bare UUID, like many harmless ids: masked where it is named (a frame's
     * {@code autostart_token}, the site's {@code autostartToken}, the link's {@code autostarttoken=}).
     */
    private static final Pattern AUTOSTART = Pattern.compile(
            "(?i)(autostart_?token)([\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9_-]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[^\\s,;\"']+");
    private static final Pattern WHSEC = Pattern.compile("whsec_[A-Za-z0-9+/=_-]+");
    private static final Pattern COOKIE_HEADER = Pattern.compile("(?i)\\b((?:set-)?cookie)\"?\\s*[:=]\\s*\"?[^\"\\r\\n]+");
    /** The booking site's session cookies, wherever they appear (a storage state, a URL). */
    private static final Pattern SITE_COOKIE = Pattern.compile("\\b(ASP\\.NET_SessionId|FpsExternalIdentity|LoginValid)=[^;\\s\"]+");

    private Redaction() {
    }

    /** The text with every sensitive value masked; the same instance when nothing was found. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = text;
        s = replace(COOKIE_HEADER, s, "$1: " + MASK);
        s = replace(SITE_COOKIE, s, "$1=" + MASK);
        s = replace(BEARER, s, "$1 " + MASK);
        s = replace(WHSEC, s, "whsec_" + MASK);
        s = replace(BANKID_QR, s, MASK);
        s = replace(AUTOSTART, s, "$1$2" + MASK);
        s = replace(PERSONAL_NUMBER, s, MASK);
        return s.equals(text) ? text : s;
    }

    private static String replace(Pattern p, String s, String replacement) {
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(replacement) : s;
    }

    /**
     * The throwable, or a stand-in with the same type name, stack and causes whose messages are masked; the same
     * instance when no message in the chain needed masking.
     */
    public static Throwable redact(Throwable t) {
        if (t == null || !needsRedaction(t, new IdentityHashMap<>())) {
            return t;
        }
        return copy(t, new IdentityHashMap<>());
    }

    private static boolean needsRedaction(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        String m = t.getMessage();
        if (m != null && redact(m) != m) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (needsRedaction(s, seen)) {
                return true;
            }
        }
        return needsRedaction(t.getCause(), seen);
    }

    private static Throwable copy(Throwable t, Map<Throwable, Throwable> done) {
        if (t == null) {
            return null;
        }
        Throwable existing = done.get(t);
        if (existing != null) {
            return existing;
        }
        Throwable cause = t.getCause();
        Throwable copiedCause = cause == null || cause == t ? null : copy(cause, done);
        Redacted r = new Redacted(t.getClass().getName(), redact(t.getMessage()), copiedCause);
        done.put(t, r);
        r.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            r.addSuppressed(copy(s, done));
        }
        return r;
    }

    /** Stands in for a throwable whose message held something sensitive; prints as the original type. */
    static final class Redacted extends RuntimeException {
        private final String typeName;

        Redacted(String typeName, String message, Throwable cause) {
            super(message, cause, true, true);
            this.typeName = typeName;
        }

        String typeName() {
            return typeName;
        }

        @Override
        public String toString() {
            String m = getLocalizedMessage();
            return m == null ? typeName : typeName + ": " + m;
        }
    }
}
