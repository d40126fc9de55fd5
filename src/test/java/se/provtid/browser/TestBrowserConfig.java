package se.provtid.browser;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.provtid.config.ProvtidConfig;

/** A ProvtidConfig for tests that build a fleet by hand: browser settings with their defaults, any overridden. */
final class TestBrowserConfig {

    private TestBrowserConfig() {
    }

    static ProvtidConfig with(Map<String, Object> overrides) {
        Map<String, Object> b = new HashMap<>(Map.ofEntries(
                Map.entry("headless", true), Map.entry("maxInstances", 4), Map.entry("contextsPerHost", 10),
                Map.entry("chromiumPath", Optional.empty()), Map.entry("actionTimeout", Duration.ofSeconds(15)),
                Map.entry("engines", List.of("chromium", "firefox", "webkit")),
                Map.entry("firefoxPath", Optional.empty()), Map.entry("webkitPath", Optional.empty()),
                Map.entry("retireAfterContexts", 200), Map.entry("memoryLimitMib", 2048),
                Map.entry("callTimeout", Duration.ofSeconds(60)), Map.entry("idleHostLifetime", Duration.ofMinutes(2)),
                Map.entry("parkPages", true), Map.entry("chromiumArgs", Optional.empty()),
                Map.entry("sandbox", ProvtidConfig.Browser.Sandbox.auto), Map.entry("minIdleHosts", 1),
                Map.entry("blockResources", true)));
        b.putAll(overrides);
        ProvtidConfig.Browser browser = (ProvtidConfig.Browser) Proxy.newProxyInstance(
                TestBrowserConfig.class.getClassLoader(), new Class<?>[] {ProvtidConfig.Browser.class},
                (p, m, a) -> {
                    if (!b.containsKey(m.getName())) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return b.get(m.getName());
                });
        return (ProvtidConfig) Proxy.newProxyInstance(TestBrowserConfig.class.getClassLoader(),
                new Class<?>[] {ProvtidConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("browser")) {
                        return browser;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
