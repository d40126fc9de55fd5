package se.provtid.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.TreeSet;
import se.provtid.crypto.Digests;
import se.provtid.job.EventType;

/**
 * One receiver of a job's events: the job's webhook_url, or the operator's Supabase endpoint (trusted, keyed), with
 * the kinds of event it gets ({@code null}: every kind).
 */
public record Endpoint(@JsonProperty("id") String id, @JsonProperty("url") String url,
        @JsonProperty("supabase") boolean supabase, @JsonProperty("events") Set<String> events) {

    /** A receiver of every kind of event. */
    public static Endpoint of(String url, boolean supabase) {
        return new Endpoint(idOf(url), url, supabase, null);
    }

    /** A receiver of these kinds of event only. */
    public static Endpoint of(String url, boolean supabase, Set<EventType> events) {
        Set<String> names = new TreeSet<>();
        events.forEach(e -> names.add(e.name()));
        return new Endpoint(idOf(url), url, supabase, names);
    }

    /** Whether this receiver gets events of this type. */
    public boolean wants(String eventType) {
        return events == null || events.contains(eventType);
    }

    /** A short stable id of a URL, for Redis keys: the URL itself may be long and carry credentials. */
    static String idOf(String url) {
        return "ep_" + Digests.sha256Hex(url).substring(0, 16);
    }

    /** The URL without query, fragment or user info: safe to log and to show on the health page. */
    public String redacted() {
        return redact(url);
    }

    static String redact(String url) {
        try {
            URI u = new URI(url);
            String port = u.getPort() > 0 ? ":" + u.getPort() : "";
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            return u.getScheme() + "://" + u.getHost() + port + path;
        } catch (URISyntaxException | RuntimeException e) {
            return "(invalid URL)";
        }
    }
}
