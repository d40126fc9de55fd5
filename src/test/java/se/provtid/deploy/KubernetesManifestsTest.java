package se.provtid.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.provtid.deploy.KustomizeSet.data;
import static se.provtid.deploy.KustomizeSet.selects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.provtid.deploy.KustomizeSet.Rendering;
import se.provtid.deploy.KustomizeSet.Workload;

/**
 * The kustomize set in deploy/kubernetes: every overlay (and every component no overlay uses) renders with
 * `kubectl kustomize`, parses strictly into fabric8's typed model, and keeps the invariants the application depends
 * on (health probes, settings, shutdown grace, restricted pods, disruption budgets, images, autoscaling, alerts).
 */
class KubernetesManifestsTest {

    private static final Path ALERTS = Path.of("deploy/monitoring/prometheus/alerts.yml");
    private static final Path PROMETHEUS_RULE = KustomizeSet.COMPONENTS.resolve("monitoring/prometheusrule.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final AppSettings APP = AppSettings.load();
    private static List<Rendering> renderings;

    @BeforeAll
    static void render() throws IOException {
        renderings = KustomizeSet.renderAll(ExternalTool.require("kubectl",
                "kubectl from https://kubernetes.io/docs/tasks/tools/ (it carries kustomize)"));
    }

    @Test
    void everyOverlayRendersTheWholeSet() {
        assertTrue(renderings.stream().anyMatch(r -> r.manifests().name.equals("overlays/demo")), "a demo overlay");
        assertTrue(renderings.stream().anyMatch(r -> r.manifests().name.equals("overlays/production")),
                "a production overlay");
        for (Rendering r : renderings) {
            RenderedManifests m = r.manifests();
            m.one(Namespace.class, "provtid");
            assertEquals(2, m.one(Deployment.class, "provtid-api").getSpec().getReplicas(), m + ": api replicas");
            m.one(Deployment.class, "provtid-worker");
            m.one(Service.class, "provtid-api");
            m.one(Ingress.class, "provtid-api");
            m.one(HorizontalPodAutoscaler.class, "provtid-api");
            assertTrue(m.all(ConfigMap.class).anyMatch(c -> c.getMetadata().getName().startsWith("provtid-config")),
                    m + ": the ConfigMap");
            if (m.name.startsWith("overlays/")) {
                StatefulSet redis = m.one(StatefulSet.class, "redis");
                assertFalse(redis.getSpec().getVolumeClaimTemplates().isEmpty(), m + ": Redis keeps its data on a PVC");
            }
            assertTrue(m.all(NetworkPolicy.class).count() > 0, m + ": network policies");
            for (HasMetadata o : m.objects) {
                if (!(o instanceof Namespace)) {
                    assertEquals("provtid", o.getMetadata().getNamespace(), m + ": " + o.getKind() + " "
                            + o.getMetadata().getName() + " is in the namespace");
                }
            }
        }
    }

    @Test
    void redisLogsEveryChangeAndNeverEvicts() {
        for (Rendering r : renderings) {
            if (r.manifests().all(StatefulSet.class).noneMatch(s -> s.getMetadata().getName().equals("redis"))) {
                continue; // components/managed-redis: Redis is not in the cluster
            }
            ConfigMap config = r.manifests().all(ConfigMap.class)
                    .filter(c -> c.getMetadata().getName().startsWith("redis-config")).findFirst()
                    .orElseThrow(() -> new AssertionError(r.manifests() + ": no redis-config"));
            String conf = config.getData().get("redis.conf");
            assertTrue(conf.contains("\nappendonly yes"), "AOF on");
            assertTrue(conf.contains("\nappendfsync everysec"), "fsync every second");
            assertTrue(conf.contains("\nmaxmemory-policy noeviction"), "no eviction");
            assertTrue(conf.contains("\ndir /data"), "data on the volume");
            Container redis = r.manifests().one(StatefulSet.class, "redis").getSpec().getTemplate().getSpec()
                    .getContainers().getFirst();
            assertTrue(redis.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals("/data")
                    && v.getName().equals("data")), "the PVC at /data");
        }
    }

    @Test
    void probesAreTheAppsHealthEndpoints() {
        int port = APP.healthPort();
        assertTrue(APP.managementEnabled(), "application.properties turns the management interface on "
                + "(quarkus.management.enabled=true): the probes and the scrape use its port");
        for (Rendering r : renderings) {
            for (Workload w : r.provtidWorkloads()) {
                for (Container c : r.provtidContainers(w)) {
                    String where = r.manifests() + " " + w.name() + "/" + c.getName();
                    assertProbe(where + " startup", c, c.getStartupProbe(), APP.startupPath(), port);
                    assertProbe(where + " readiness", c, c.getReadinessProbe(), APP.readinessPath(), port);
                    assertProbe(where + " liveness", c, c.getLivenessProbe(), APP.livenessPath(), port);
                }
            }
        }
    }

    @Test
    void everyProvtidProcessListensBeyondItsPod() {
        for (Rendering r : renderings) {
            for (Workload w : r.provtidWorkloads()) {
                for (Container c : r.provtidContainers(w)) {
                    Map<String, String> env = r.environment(c);
                    String profile = env.getOrDefault("QUARKUS_PROFILE", "prod");
                    for (String key : List.of("quarkus.http.host", "quarkus.management.host")) {
                        String host = APP.valueFor(key, profile, env);
                        assertFalse(host != null && (host.startsWith("127.") || host.equals("localhost")),
                                r.manifests() + " " + w.name() + ": profile " + profile + " puts " + key + " on " + host
                                        + ", out of reach of Services and probes");
                    }
                }
            }
        }
    }

    private static void assertProbe(String where, Container c, Probe probe, String path, int port) {
        assertNotNull(probe, where + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, where + " probe is an HTTP GET");
        assertEquals(path, get.getPath(), where + " path");
        assertEquals(port, portNumber(c, get.getPort(), where), where + " port");
    }

    private static int portNumber(Container c, IntOrString port, String where) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError(where + ": no container port named " + port.getStrVal()));
    }

    @Test
    void everyEnvNameIsADocumentedSetting() {
        Set<String> known = new TreeSet<>(AppSettings.documentedEnvNames());
        known.addAll(AppSettings.imageEnvNames());
        for (Rendering r : renderings) {
            for (Workload w : r.provtidWorkloads()) {
                for (Container c : r.provtidContainers(w)) {
                    Set<String> unknown = new TreeSet<>(r.environment(c).keySet());
                    unknown.removeAll(known);
                    assertTrue(unknown.isEmpty(), r.manifests() + " " + w.name() + "/" + c.getName()
                            + " sets names that are not in .env.example (or the image's ENV): " + unknown);
                }
            }
        }
    }

    @Test
    void terminationGraceIsAboveShutdownGrace() {
        String shutdownGraceEnv = APP.envNameOf("provtid.worker.shutdown-grace");
        assertEquals("SHUTDOWN_GRACE", shutdownGraceEnv);
        for (Rendering r : renderings) {
            for (Workload w : r.provtidWorkloads()) {
                Duration grace = Duration.ZERO;
                for (Container c : r.provtidContainers(w)) {
                    String set = r.environment(c).get(shutdownGraceEnv);
                    Duration d = set == null || set.isBlank() ? APP.shutdownGrace() : Duration.parse(set);
                    grace = d.compareTo(grace) > 0 ? d : grace;
                }
                Long seconds = w.spec().getTerminationGracePeriodSeconds();
                assertNotNull(seconds, r.manifests() + " " + w.name() + " sets terminationGracePeriodSeconds");
                assertTrue(seconds > grace.toSeconds(), r.manifests() + " " + w.name() + ": grace " + seconds
                        + " s must be above SHUTDOWN_GRACE (" + grace + ")");
            }
        }
    }

    @Test
    void everyContainerIsRestricted() {
        for (Rendering r : renderings) {
            for (Workload w : r.workloads()) {
                PodSpec pod = w.spec();
                String where = r.manifests() + " " + w.kind() + " " + w.name();
                assertTrue(Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())
                        || serviceAccountWithoutToken(r, pod), where + ": no service-account token");
                assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()), where + ": host network");
                assertFalse(Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC()),
                        where + ": host namespaces");
                assertTrue(pod.getVolumes().stream().allMatch(v -> v.getHostPath() == null), where + ": hostPath");
                PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext())
                        .orElse(new PodSecurityContext());
                List<Container> all = new ArrayList<>(pod.getContainers());
                all.addAll(pod.getInitContainers());
                for (Container c : all) {
                    String at = where + "/" + c.getName();
                    SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElse(new SecurityContext());
                    assertEquals(Boolean.TRUE, first(sc.getRunAsNonRoot(), podContext.getRunAsNonRoot()),
                            at + ": runAsNonRoot");
                    Long uid = first(sc.getRunAsUser(), podContext.getRunAsUser());
                    assertTrue(uid == null || uid != 0, at + ": not uid 0");
                    var seccomp = first(sc.getSeccompProfile(), podContext.getSeccompProfile());
                    assertNotNull(seccomp, at + ": a seccomp profile");
                    assertEquals("RuntimeDefault", seccomp.getType(), at + ": seccomp RuntimeDefault");
                    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), at + ": readOnlyRootFilesystem");
                    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), at + ": allowPrivilegeEscalation");
                    assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), at + ": privileged");
                    assertNotNull(sc.getCapabilities(), at + ": capabilities");
                    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), at + ": drop ALL");
                    assertTrue(sc.getCapabilities().getAdd().isEmpty(), at + ": adds no capability");
                }
            }
        }
    }

    private static boolean serviceAccountWithoutToken(Rendering r, PodSpec pod) {
        String name = Objects.requireNonNullElse(pod.getServiceAccountName(), "default");
        return r.manifests().all(ServiceAccount.class).anyMatch(
                sa -> sa.getMetadata().getName().equals(name) && Boolean.FALSE.equals(sa.getAutomountServiceAccountToken()))
                && pod.getAutomountServiceAccountToken() == null;
    }

    @Test
    void everyWorkloadIsCoveredByADisruptionBudget() {
        for (Rendering r : renderings) {
            List<PodDisruptionBudget> budgets = r.manifests().all(PodDisruptionBudget.class).toList();
            for (Workload w : r.workloads()) {
                Map<String, String> labels = w.template().getMetadata().getLabels();
                List<String> covering = budgets.stream().filter(b -> selects(b.getSpec().getSelector(), labels))
                        .map(b -> b.getMetadata().getName()).toList();
                assertEquals(1, covering.size(), r.manifests() + " " + w.kind() + " " + w.name()
                        + " is covered by exactly one PodDisruptionBudget: " + covering);
            }
        }
    }

    @Test
    void imagesAreSetByKustomize() {
        for (Rendering r : renderings) {
            assertNotNull(r.provtidImage(), r.manifests() + ": the kustomization's images: names provtid");
            for (Workload w : r.workloads()) {
                for (Container c : w.spec().getContainers()) {
                    String image = c.getImage();
                    String name = image.replaceAll("[:@].*$", "");
                    assertTrue(r.images().containsValue(name), r.manifests() + " " + w.name() + "/" + c.getName()
                            + ": image " + image + " is not one the kustomization's images: sets");
                    assertTrue(image.contains(":") || image.contains("@"), image + " has a tag or digest");
                }
            }
            assertEquals(2, r.provtidWorkloads().stream().filter(w -> !w.name().equals("provtid-sim")).count(),
                    r.manifests() + ": the api and worker Deployments run the Provtid image");
        }
    }

    @Test
    void servicesIngressAndAutoscalersPointAtWhatExists() {
        for (Rendering r : renderings) {
            RenderedManifests m = r.manifests();
            List<Workload> workloads = r.workloads();
            for (Service s : m.all(Service.class).toList()) {
                Map<String, String> selector = s.getSpec().getSelector();
                Workload target = workloads.stream()
                        .filter(w -> selects(new LabelSelector(null, selector), w.template().getMetadata().getLabels()))
                        .findFirst().orElseThrow(() -> new AssertionError(m + ": Service " + s.getMetadata().getName()
                                + " selects no pods"));
                for (ServicePort p : s.getSpec().getPorts()) {
                    if (p.getTargetPort() != null && p.getTargetPort().getStrVal() != null) {
                        assertTrue(target.spec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                                .anyMatch(cp -> p.getTargetPort().getStrVal().equals(cp.getName())),
                                m + ": Service " + s.getMetadata().getName() + " port " + p.getName());
                    }
                }
            }
            m.all(Ingress.class).flatMap(i -> i.getSpec().getRules().stream())
                    .flatMap(rule -> rule.getHttp().getPaths().stream()).forEach(path -> {
                        Service s = m.one(Service.class, path.getBackend().getService().getName());
                        String port = path.getBackend().getService().getPort().getName();
                        assertTrue(s.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(port)),
                                m + ": the Ingress's backend port " + port);
                    });
            m.all(HorizontalPodAutoscaler.class).forEach(h -> assertTrue(workloads.stream()
                    .anyMatch(w -> w.name().equals(h.getSpec().getScaleTargetRef().getName())), m + ": HPA target"));
            m.generic("ScaledObject").forEach(so -> {
                Map<String, Object> spec = so.get("spec");
                Map<String, Object> target = cast(spec.get("scaleTargetRef"));
                assertTrue(workloads.stream().anyMatch(w -> w.name().equals(target.get("name"))),
                        m + ": ScaledObject target");
            });
            m.all(ServiceMonitor.class).forEach(sm -> sm.getSpec().getEndpoints().forEach(e -> {
                List<Service> selected = m.all(Service.class)
                        .filter(s -> selects(sm.getSpec().getSelector(), s.getMetadata().getLabels())).toList();
                assertFalse(selected.isEmpty(), m + ": the ServiceMonitor selects Services");
                for (Service s : selected) {
                    ServicePort p = s.getSpec().getPorts().stream().filter(sp -> sp.getName().equals(e.getPort()))
                            .findFirst().orElseThrow(() -> new AssertionError(m + ": Service "
                                    + s.getMetadata().getName() + " has no port " + e.getPort()));
                    assertEquals(APP.healthPort(), p.getPort(), m + ": scraped on the management port");
                }
                assertEquals(APP.metricsPath(), e.getPath(), m + ": the metrics path");
            }));
        }
    }

    @Test
    void workerAutoscalingFollowsTheFleetCap() {
        for (Rendering r : renderings) {
            RenderedManifests m = r.manifests();
            Deployment worker = m.one(Deployment.class, "provtid-worker");
            Container c = worker.getSpec().getTemplate().getSpec().getContainers().getFirst();
            Map<String, String> env = r.environment(c);
            int perWorker = Integer.parseInt(env.getOrDefault("WORKER_CONCURRENCY",
                    APP.prodDefault("provtid.worker.concurrency")));
            int fleet = Integer.parseInt(env.getOrDefault("MAX_CONCURRENT_JOBS",
                    APP.prodDefault("provtid.worker.max-concurrent-jobs")));
            List<Integer> maxima = new ArrayList<>();
            m.generic("ScaledObject").forEach(so -> {
                Map<String, Object> spec = so.get("spec");
                maxima.add(((Number) spec.get("maxReplicaCount")).intValue());
                List<Map<String, Object>> triggers = cast(spec.get("triggers"));
                for (Map<String, Object> t : triggers) {
                    Map<String, Object> meta = cast(t.get("metadata"));
                    assertEquals(String.valueOf(perWorker), meta.get("threshold"),
                            m + ": a worker per WORKER_CONCURRENCY jobs");
                    Set<String> unknown = MetricContract.load().unknownIn((String) meta.get("query"));
                    assertTrue(unknown.isEmpty(), m + ": the ScaledObject's query reads unknown metrics " + unknown);
                    assertTrue(PromQl.metricNames((String) meta.get("query")).containsAll(
                            Set.of("provtid_queue_depth", "provtid_jobs_running")), "queued plus running");
                }
            });
            m.all(HorizontalPodAutoscaler.class)
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("provtid-worker"))
                    .forEach(h -> maxima.add(h.getSpec().getMaxReplicas()));
            if (!maxima.isEmpty()) {
                assertEquals(1, maxima.size(), m + ": one autoscaler for the workers");
                assertEquals(fleet, maxima.getFirst() * perWorker,
                        m + ": the most workers times WORKER_CONCURRENCY is MAX_CONCURRENT_JOBS");
                assertEquals(null, worker.getSpec().getReplicas(), m + ": the autoscaler owns the worker count");
            }
        }
    }

    @Test
    void prometheusRuleIsTheAlertRules() throws IOException {
        JsonNode alerts = YAML.readTree(ALERTS.toFile()).path("groups");
        JsonNode rule = YAML.readTree(PROMETHEUS_RULE.toFile()).path("spec").path("groups");
        assertEquals(alerts, rule, PROMETHEUS_RULE + " differs from " + ALERTS
                + ": run deploy/kubernetes/components/monitoring/generate-prometheusrule.sh");
        boolean rendered = false;
        for (Rendering r : renderings) {
            for (PrometheusRule pr : r.manifests().all(PrometheusRule.class).toList()) {
                rendered = true;
                pr.getSpec().getGroups().forEach(g -> g.getRules().forEach(ru -> {
                    Set<String> unknown = MetricContract.load().unknownIn(ru.getExpr().getStrVal());
                    assertTrue(unknown.isEmpty(), ru.getAlert() + " reads unknown metrics " + unknown);
                }));
            }
        }
        assertTrue(rendered, "an overlay carries the PrometheusRule");
    }

    @Test
    void networkPoliciesKeepRedisToProvtidAndWorkersOffPrivateAddresses() {
        for (Rendering r : renderings) {
            RenderedManifests m = r.manifests();
            List<NetworkPolicy> policies = m.all(NetworkPolicy.class).toList();
            assertTrue(policies.stream().anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels() == null
                    || p.getSpec().getPodSelector().getMatchLabels().isEmpty()), m + ": a default deny");
            Map<String, String> redisLabels = m.all(StatefulSet.class)
                    .filter(s -> s.getMetadata().getName().equals("redis")).findFirst()
                    .map(s -> s.getSpec().getTemplate().getMetadata().getLabels())
                    .orElse(Map.of("app.kubernetes.io/name", "redis"));
            Map<String, String> provtidLabels = Map.of("app.kubernetes.io/name", "provtid");
            Map<String, String> redisSet = Map.of("app.kubernetes.io/name", "redis");
            for (NetworkPolicy p : policies) {
                if (selects(p.getSpec().getPodSelector(), redisLabels) && p.getSpec().getIngress() != null) {
                    // Provtid's pods, or (components/redis-sentinel) the Redis set's own nodes and sentinels.
                    p.getSpec().getIngress().forEach(rule -> rule.getFrom().forEach(peer -> {
                        assertEquals(null, peer.getNamespaceSelector(), m + ": Redis from this namespace only");
                        assertEquals(null, peer.getIpBlock(), m + ": Redis from pods only");
                        Map<String, String> from = peer.getPodSelector().getMatchLabels();
                        assertTrue(provtidLabels.equals(from) || redisSet.equals(from), m + ": Redis from Provtid's "
                                + "pods (or the Redis set's own) only, not " + from);
                    }));
                }
            }
            Map<String, String> workerLabels = m.one(Deployment.class, "provtid-worker").getSpec().getTemplate()
                    .getMetadata().getLabels();
            policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), workerLabels))
                    .flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).stream())
                    .flatMap(rule -> rule.getTo().stream()).filter(peer -> peer.getIpBlock() != null)
                    .filter(peer -> peer.getIpBlock().getCidr().equals("0.0.0.0/0"))
                    .forEach(peer -> assertTrue(peer.getIpBlock().getExcept().containsAll(
                            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")),
                            m + ": workers never reach private or metadata addresses"));
        }
    }

    @Test
    void theSecretExampleHoldsEverySecret() {
        Secret app = renderings.getFirst().secretExample().one(Secret.class, "provtid-secrets");
        Set<String> keys = app.getStringData().keySet();
        assertTrue(keys.containsAll(Set.of("API_SECRET_TOKEN", "REDIS_URL", "WEBHOOK_SECRET", "SUPABASE_SECRET_KEY",
                "API_PREVIOUS_SECRET_TOKENS")), "every secret setting: " + keys);
        assertTrue(AppSettings.documentedEnvNames().containsAll(keys), "every key is a setting: " + keys);
        // Every Secret a rendering refers to without rendering it is one of the example's, with the keys used.
        for (Rendering r : renderings) {
            for (Workload w : r.workloads()) {
                for (Container c : w.spec().getContainers()) {
                    for (EnvVar e : c.getEnv()) {
                        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                            var ref = e.getValueFrom().getSecretKeyRef();
                            Secret s = r.secret(ref.getName());
                            assertTrue(data(s).containsKey(ref.getKey()), r.manifests() + ": " + ref.getName()
                                    + " has " + ref.getKey());
                        }
                    }
                    c.getEnvFrom().stream().filter(f -> f.getSecretRef() != null)
                            .forEach(f -> r.secret(f.getSecretRef().getName()));
                }
            }
        }
    }

    @Test
    void theSentinelComponentRunsAPrimaryAReplicaAndThreeSentinels() {
        Rendering r = renderings.stream().filter(x -> x.manifests().name.endsWith("components/redis-sentinel"))
                .findFirst().orElseThrow(() -> new AssertionError("components/redis-sentinel is rendered"));
        RenderedManifests m = r.manifests();
        assertEquals(2, m.one(StatefulSet.class, "redis").getSpec().getReplicas(), "a primary and a replica");
        StatefulSet sentinels = m.one(StatefulSet.class, "redis-sentinel");
        assertEquals(3, sentinels.getSpec().getReplicas(), "three sentinels: a quorum of 2 survives one");
        assertTrue(m.all(Service.class).noneMatch(s -> s.getMetadata().getName().equals("redis")),
                "no Service over both nodes: it would send writes to the replica");
        Service headless = m.one(Service.class, "redis-sentinel");
        assertEquals("None", headless.getSpec().getClusterIP(), "the sentinels' Service is headless");
        assertEquals("redis-sentinel", sentinels.getSpec().getServiceName());
        assertEquals(Boolean.TRUE, m.one(Service.class, "redis-headless").getSpec().getPublishNotReadyAddresses(),
                "the nodes' names resolve before they are ready");
        ConfigMap scripts = m.all(ConfigMap.class)
                .filter(c -> c.getMetadata().getName().startsWith("redis-sentinel-config")).findFirst().orElseThrow();
        String sentinelSh = scripts.getData().get("sentinel.sh");
        var monitor = java.util.regex.Pattern.compile("sentinel monitor (\\S+) \\S+ 6379 (\\d+)").matcher(sentinelSh);
        assertTrue(monitor.find(), "sentinel.sh writes a monitor line");
        String master = monitor.group(1);
        assertEquals(2, Integer.parseInt(monitor.group(2)), "quorum 2 of 3");
        assertTrue(scripts.getData().get("redis-node.sh").contains("get-master-addr-by-name " + master),
                "a node asks the sentinels for the primary they monitor");
        assertTrue(scripts.getData().get("sentinel.conf").contains("sentinel resolve-hostnames yes"));
        ConfigMap config = m.all(ConfigMap.class)
                .filter(c -> c.getMetadata().getName().startsWith("provtid-config")).findFirst().orElseThrow();
        assertEquals(master, config.getData().get("REDIS_SENTINEL_MASTER"), "Provtid asks for the monitored name");
        assertEquals("1", config.getData().get("REDIS_WAIT_REPLICAS"), "a replica confirms what must not be lost");
        Container sentinel = sentinels.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertTrue(sentinel.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals("/conf")
                && !Boolean.TRUE.equals(v.getReadOnly())), "a sentinel rewrites its file: /conf is writable");
        Map<String, String> sentinelLabels = sentinels.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> provtidLabels = m.one(Deployment.class, "provtid-api").getSpec().getTemplate()
                .getMetadata().getLabels();
        assertTrue(m.all(NetworkPolicy.class).anyMatch(p -> selects(p.getSpec().getPodSelector(), provtidLabels)
                && p.getSpec().getEgress() != null && p.getSpec().getEgress().stream().anyMatch(e -> e.getTo()
                        .stream().anyMatch(peer -> peer.getPodSelector() != null
                                && selects(peer.getPodSelector(), sentinelLabels))
                        && e.getPorts().stream().anyMatch(pt -> pt.getPort().getIntVal() == 26379))),
                "Provtid's pods reach the sentinels on 26379");
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        return Stream.of(values).filter(Objects::nonNull).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
