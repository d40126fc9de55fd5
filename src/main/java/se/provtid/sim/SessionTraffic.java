package se.provtid.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What one session of the simulated site asked for: page and asset loads, JSON calls, consent. Guarded by SimState. */
public final class SessionTraffic {

    /** Names counted per session; made-up names beyond this are not (the site has about twenty). */
    static final int MAX_NAMES = 64;

    private int pageLoads;
    private int assetLoads;
    private int jsonCalls;
    private boolean consent;
    /** Fetched the app's script: what a rendered page does and a bare HTTP client does not. */
    private boolean renderedApp;
    /** The person logged in last, kept after the login ends so a finished run can still be told apart. */
    private String lastPerson;
    private final Map<String, Integer> calls = new TreeMap<>();

    /** One view of a session for {@code GET /sim/admin/requests?by=session}. */
    public record View(@JsonProperty("session") String session, @JsonProperty("person") String person,
            @JsonProperty("page_loads") int pageLoads, @JsonProperty("asset_loads") int assetLoads,
            @JsonProperty("json_calls") int jsonCalls, @JsonProperty("consent") boolean consent,
            @JsonProperty("calls") Map<String, Integer> calls) {
    }

    void pageLoad(boolean withConsent) {
        pageLoads++;
        seen(withConsent);
    }

    void assetLoad(String file, boolean withConsent) {
        assetLoads++;
        renderedApp |= "app.js".equals(file);
        seen(withConsent);
    }

    void call(String name, boolean withConsent) {
        jsonCalls++;
        if (calls.size() < MAX_NAMES || calls.containsKey(name)) {
            calls.merge(name, 1, Integer::sum);
        }
        seen(withConsent);
    }

    void loggedIn(String person) {
        lastPerson = person;
    }

    String lastPerson() {
        return lastPerson;
    }

    boolean renderedApp() {
        return renderedApp;
    }

    View view(String sessionId) {
        return new View(sessionId.substring(0, Math.min(8, sessionId.length())), lastPerson, pageLoads, assetLoads,
                jsonCalls, consent, Collections.unmodifiableMap(new TreeMap<>(calls)));
    }

    private void seen(boolean withConsent) {
        consent |= withConsent;
    }
}
