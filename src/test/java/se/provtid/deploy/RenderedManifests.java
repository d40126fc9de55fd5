package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One rendering of the kustomize set (`kubectl kustomize`), every object parsed with fabric8's typed Kubernetes model.
 * Strict: a field the model does not know (a typo, a wrong indentation) lands in fabric8's additionalProperties, and
 * any such field fails the parse; so does a kind or apiVersion outside the table of kinds the set uses. Kinds fabric8
 * has no model for (KEDA's ScaledObject) stay generic.
 */
final class RenderedManifests {

    /** API groups whose kinds have no typed model here; everything else must parse into a typed class. */
    static final Set<String> UNTYPED_GROUPS = Set.of("keda.sh");

    /**
     * The kinds the set may use, by apiVersion and kind. Looked up here rather than through fabric8's registry of
     * every kind it knows, which loads thousands of model classes first (seconds, on a busy machine tens of them).
     */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Stream.of(Namespace.class,
            ServiceAccount.class, ConfigMap.class, Secret.class, Service.class, Deployment.class, StatefulSet.class,
            HorizontalPodAutoscaler.class, PodDisruptionBudget.class, Ingress.class, NetworkPolicy.class,
            ServiceMonitor.class, PrometheusRule.class)
            .collect(Collectors.toMap(c -> HasMetadata.getApiVersion(c) + " " + HasMetadata.getKind(c),
                    Function.identity()));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    final String name;
    final List<HasMetadata> objects;

    private RenderedManifests(String name, List<HasMetadata> objects) {
        this.name = name;
        this.objects = objects;
    }

    /** Parses the YAML of one rendering (several documents) strictly. */
    static RenderedManifests parse(String name, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                objects.add(parseOne(name, doc));
            }
        } catch (IOException e) {
            throw new AssertionError(name + ": not YAML: " + e.getMessage(), e);
        }
        return new RenderedManifests(name, List.copyOf(objects));
    }

    private static HasMetadata parseOne(String rendering, JsonNode doc) {
        String kind = doc.path("kind").asText();
        String apiVersion = doc.path("apiVersion").asText();
        String where = rendering + ": " + apiVersion + " " + kind + " " + doc.path("metadata").path("name").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Class<? extends HasMetadata> typed = KINDS.get(apiVersion + " " + kind);
        Class<? extends HasMetadata> type = typed != null ? typed : GenericKubernetesResource.class;
        if (typed == null && !UNTYPED_GROUPS.contains(group)) {
            fail(where + ": not a kind this set uses (" + KINDS.keySet() + "): a misspelt kind or apiVersion?");
        }
        HasMetadata parsed;
        try {
            parsed = JSON.treeToValue(doc, type);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(where + " does not parse: " + e.getMessage(), e);
        }
        assertNotNull(parsed, where);
        if (typed != null) {
            List<String> unknown = new ArrayList<>();
            unknownFields(parsed, kind, unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                fail(where + " has fields its kind does not have: " + unknown);
            }
        }
        assertEquals(kind, parsed.getKind(), where);
        return parsed;
    }

    /** Walks a fabric8 model object and collects the path of every field that went to additionalProperties. */
    private static void unknownFields(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(o);
            } catch (IllegalAccessException e) {
                continue;
            } catch (InvocationTargetException e) {
                // A computed getter that cannot compute (Quantity.getNumericalAmount of "1.5Gb"): a bad value.
                unknown.add(path + "." + getter.getName() + " fails: " + e.getCause());
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(value, path + "." + field, unknown, seen);
        }
    }

    <T extends HasMetadata> Stream<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast);
    }

    Stream<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).filter(g -> g.getKind().equals(kind));
    }

    <T extends HasMetadata> T one(Class<T> type, String objectName) {
        return all(type).filter(o -> o.getMetadata().getName().equals(objectName)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no " + type.getSimpleName() + " " + objectName));
    }

    @Override
    public String toString() {
        return name;
    }
}
