package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The kustomize set of deploy/kubernetes, rendered: every overlay, and every component no overlay uses on top of the
 * demo overlay (so the plain-HPA and managed-Redis alternatives are rendered too), each parsed strictly.
 */
final class KustomizeSet {

    static final Path KUBE = Path.of("deploy/kubernetes");
    static final Path OVERLAYS = KUBE.resolve("overlays");
    static final Path COMPONENTS = KUBE.resolve("components");
    static final Path SECRET_EXAMPLE = KUBE.resolve("secret.example.yaml");
    /** The overlay a component no overlay uses is rendered on top of. */
    static final String HOST_OVERLAY = "demo";
    private static final YAMLMapper YAML = new YAMLMapper();

    private KustomizeSet() {
    }

    /** A Deployment or StatefulSet: its pod template is what the invariants are about. */
    record Workload(String kind, String name, PodTemplateSpec template) {
        PodSpec spec() {
            return template.getSpec();
        }
    }

    /** One rendering, the images its kustomization sets (name to newName), and the Secrets made outside Git. */
    record Rendering(RenderedManifests manifests, Map<String, String> images, RenderedManifests secretExample) {

        String provtidImage() {
            return images.get("provtid");
        }

        List<Workload> workloads() {
            List<Workload> all = new ArrayList<>();
            manifests.all(Deployment.class).forEach(d -> all.add(new Workload("Deployment",
                    d.getMetadata().getName(), d.getSpec().getTemplate())));
            manifests.all(StatefulSet.class).forEach(s -> all.add(new Workload("StatefulSet",
                    s.getMetadata().getName(), s.getSpec().getTemplate())));
            return all;
        }

        /** Workloads with a container of the Provtid image. */
        List<Workload> provtidWorkloads() {
            return workloads().stream().filter(w -> !provtidContainers(w).isEmpty()).toList();
        }

        List<Container> provtidContainers(Workload w) {
            return w.spec().getContainers().stream()
                    .filter(c -> c.getImage().replaceAll("[:@].*$", "").equals(provtidImage())).toList();
        }

        /** The container's environment as the kubelet builds it: envFrom first, env over it (Secret values null). */
        Map<String, String> environment(Container c) {
            Map<String, String> env = new LinkedHashMap<>();
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    env.putAll(manifests.one(ConfigMap.class, from.getConfigMapRef().getName()).getData());
                }
                if (from.getSecretRef() != null) {
                    data(secret(from.getSecretRef().getName())).keySet().forEach(k -> env.put(k, null));
                }
            }
            for (EnvVar e : c.getEnv()) {
                env.put(e.getName(), e.getValue());
            }
            return env;
        }

        /** A Secret of the rendering, or (for one made outside Git, as in production) of secret.example.yaml. */
        Secret secret(String name) {
            return manifests.all(Secret.class).filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                    .orElseGet(() -> secretExample.all(Secret.class)
                            .filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                            .orElseThrow(() -> new AssertionError(manifests + " uses the Secret " + name
                                    + ", which neither it nor secret.example.yaml has")));
        }
    }

    /** Renders everything with kubectl's built-in kustomize. */
    static List<Rendering> renderAll(ExternalTool kubectl) throws IOException {
        RenderedManifests secretExample = RenderedManifests.parse("secret.example.yaml",
                Files.readString(SECRET_EXAMPLE));
        List<Rendering> renderings = new ArrayList<>();
        Set<Path> usedComponents = new TreeSet<>();
        try (Stream<Path> overlays = Files.list(OVERLAYS)) {
            for (Path overlay : overlays.filter(Files::isDirectory).sorted().toList()) {
                JsonNode kustomization = YAML.readTree(overlay.resolve("kustomization.yaml").toFile());
                kustomization.path("components")
                        .forEach(c -> usedComponents.add(overlay.resolve(c.asText()).normalize()));
                String yaml = kubectl.runOk(Path.of(""), "kustomize", overlay.toString());
                renderings.add(new Rendering(RenderedManifests.parse("overlays/" + overlay.getFileName(), yaml),
                        images(kustomization), secretExample));
            }
        }
        Path host = OVERLAYS.resolve(HOST_OVERLAY);
        try (Stream<Path> components = Files.list(COMPONENTS)) {
            for (Path component : components.filter(Files::isDirectory).map(Path::normalize).sorted().toList()) {
                if (usedComponents.contains(component)) {
                    continue;
                }
                Path dir = Path.of("target/kustomize", component.getFileName().toString());
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        namespace: provtid
                        resources:
                          - %s
                        components:
                          - %s
                        """.formatted(dir.relativize(host), dir.relativize(component)));
                String yaml = kubectl.runOk(Path.of(""), "kustomize", dir.toString());
                renderings.add(new Rendering(
                        RenderedManifests.parse(HOST_OVERLAY + "+components/" + component.getFileName(), yaml),
                        images(YAML.readTree(host.resolve("kustomization.yaml").toFile())), secretExample));
            }
        }
        return renderings;
    }

    private static Map<String, String> images(JsonNode kustomization) {
        Map<String, String> images = new HashMap<>();
        kustomization.path("images").forEach(i -> images.put(i.path("name").asText(),
                i.path("newName").asText(i.path("name").asText())));
        return images;
    }

    /** A Secret's keys and values, from data and stringData alike. */
    static Map<String, String> data(Secret s) {
        Map<String, String> all = new HashMap<>();
        if (s.getData() != null) {
            all.putAll(s.getData());
        }
        if (s.getStringData() != null) {
            all.putAll(s.getStringData());
        }
        return all;
    }

    /** Whether a selector picks objects with these labels (matchLabels only; this set uses no expressions). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            fail("matchExpressions are not checked by these tests; use matchLabels");
        }
        Map<String, String> wanted = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        return labels != null && wanted.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
