package sh.oso.korb.controller;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.PipelineRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Phase;
import sh.oso.korb.engine.Engine;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.workflow.ArgoStandIn;
import sh.oso.korb.workflow.Container;
import sh.oso.korb.workflow.EngineStandIn;
import sh.oso.korb.workflow.JobStandIn;
import sh.oso.korb.workflow.TektonStandIn;
import sh.oso.korb.workflow.Yaml;

/**
 * The controller against the fabric8 mock API server (CRUD mode: the one part that cannot run here), with the
 * project's CRD and Tekton's CRDs installed, and {@link TektonStandIn} running the PipelineRuns it creates with
 * the real executor.
 */
final class ControllerHarness implements AutoCloseable {

    /** Each test in its own namespace: the mock API server lives as long as the test class. */
    final String namespace =
            "kafka-backup-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    static final Path CRD = Yaml.PROJECT.resolve("deploy/crds/kafkaoffsetrollbacks.kafka.oso.sh-v1.yml");
    static final Path RESET_CRD = Yaml.PROJECT.resolve("deploy/crds/kafkaoffsetresets.kafka.oso.sh-v1.yml");
    /** Short waits, so that the tests see a conflict rechecked and a refused deletion tried again. */
    static final ControllerConfig CONFIG = new ControllerConfig(
            Set.of(), "ghcr.io/oso-sh/korb:test", "korb-executor", Duration.ofMillis(200), 0, Duration.ofMillis(500));

    final KubernetesClient kubernetes;
    /** The Tekton stand-in when the harness runs on Tekton, else null. */
    final TektonStandIn tekton;
    /** The stand-in of the engine the controller runs resources on by default. */
    final EngineStandIn engine;

    private final KubernetesClient controllerClient;
    private final ControllerConfig config;
    private final EngineKind engineKind;
    private KorbController controller;

    /** On Tekton only, the controller's default. */
    ControllerHarness(KubernetesClient kubernetes, Path work) {
        this(kubernetes, kubernetes, work, CONFIG);
    }

    /** With {@code engineKind} the controller's default engine and every engine enabled. */
    ControllerHarness(KubernetesClient kubernetes, Path work, EngineKind engineKind) {
        this(kubernetes, kubernetes, work, CONFIG.on(engineKind));
    }

    /**
     * The controller on a client of its own (to see what it asks of the API) with this configuration, the stand-in
     * of its default engine running the runs.
     */
    ControllerHarness(
            KubernetesClient kubernetes, KubernetesClient controllerClient, Path work, ControllerConfig config) {
        this.kubernetes = kubernetes;
        this.controllerClient = controllerClient;
        this.engineKind = config.engine();
        this.config = config;
        kubernetes
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(Serialization.unmarshal(Yaml.read(CRD).toString(), CustomResourceDefinition.class))
                .createOr(existing -> existing.update());
        kubernetes
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(Serialization.unmarshal(Yaml.read(RESET_CRD).toString(), CustomResourceDefinition.class))
                .createOr(existing -> existing.update());
        TektonStandIn.installCrds(kubernetes);
        ArgoStandIn.installCrd(kubernetes);
        CliRun korb = new CliRun().stores(new DefaultSnapshotStoreFactory(() -> kubernetes, false, () -> null, false));
        Container container = new Container(korb);
        engine = switch (engineKind) {
            case TEKTON -> new TektonStandIn(kubernetes, container, work);
            case ARGO -> new ArgoStandIn(kubernetes, container, work);
            case JOB -> new JobStandIn(kubernetes, container, work);
        };
        tekton = engine instanceof TektonStandIn standIn ? standIn : null;
        startController();
    }

    void startController() {
        controller = KorbController.start(controllerClient, config, Clock.systemUTC());
    }

    /** A controller of another installation (other engines) on the same API server. */
    void startController(ControllerConfig other) {
        controller = KorbController.start(kubernetes, other, Clock.systemUTC());
    }

    void stopController() {
        controller.close();
    }

    KorbController controller() {
        return controller;
    }

    /** An example of the reference, pointed at this test's broker and consumer groups. */
    KafkaOffsetRollback fromReference(
            JsonNode example, String bootstrapServers, List<String> groups, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(example);
        resource.with("metadata").put("namespace", namespace);
        ObjectNode spec = resource.with("spec");
        if (spec.has("kafkaCluster")) {
            spec.with("kafkaCluster").putArray("bootstrapServers").add(bootstrapServers);
        }
        if (spec.has("consumerGroups")) {
            groups.forEach(spec.putArray("consumerGroups")::add);
        }
        change.accept(resource);
        return Serialization.unmarshal(resource.toString(), KafkaOffsetRollback.class);
    }

    KafkaOffsetRollback apply(KafkaOffsetRollback resource) {
        return kubernetes.resource(resource).create();
    }

    KafkaOffsetRollback get(String name) {
        return kubernetes
                .resources(KafkaOffsetRollback.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    KafkaOffsetRollback awaitPhase(String name, Phase phase) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            KafkaOffsetRollback current = get(name);
            return current != null
                    && current.getStatus() != null
                    && current.getStatus().getPhase() == phase
                    && current.getStatus().getPhase() != null;
        });
        return get(name);
    }

    KafkaOffsetRollback awaitFinished(String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            KafkaOffsetRollback current = get(name);
            return current != null
                    && current.getStatus() != null
                    && current.getStatus().getPhase() != null
                    && current.getStatus().getPhase().finished();
        });
        return get(name);
    }

    List<PipelineRun> pipelineRuns(String resourceName) {
        return kubernetes
                .resources(PipelineRun.class)
                .inNamespace(namespace)
                .withLabel(RunNames.RESOURCE_LABEL, resourceName)
                .list()
                .getItems();
    }

    /** The runs of the harness's engine made for the resource of this name. */
    List<? extends HasMetadata> runs(String resourceName) {
        return runs(engineKind, resourceName);
    }

    List<? extends HasMetadata> runs(EngineKind kind, String resourceName) {
        return runs(kind, RunNames.RESOURCE_LABEL, resourceName);
    }

    /** The runs of this engine whose label (a rollback's, a reset's) names this resource. */
    List<? extends HasMetadata> runs(EngineKind kind, String resourceLabel, String resourceName) {
        Engine<?> runsOn = new Engines(CONFIG.on(kind))
                .enabled().stream()
                        .filter(each -> each.kind() == kind)
                        .findFirst()
                        .orElseThrow();
        return runsOn.runs(kubernetes)
                .inNamespace(namespace)
                .withLabel(resourceLabel, resourceName)
                .list()
                .getItems();
    }

    List<Event> events(String resourceName) {
        return kubernetes.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> resourceName.equals(event.getInvolvedObject().getName()))
                .toList();
    }

    /** How many of the resource's Events have this reason. */
    long events(String resourceName, String reason) {
        return events(resourceName).stream()
                .filter(event -> reason.equals(event.getReason()))
                .count();
    }

    /** A GET of the running controller's HTTP endpoint. */
    HttpResponse<String> http(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:"
                                        + controller.httpPort().orElseThrow() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The value of one series of the controller's /metrics, e.g. {@code korb_runs_started_total{operation="snapshot"}}:
     * the whole line, so that a count of 1 is not also met by 10 or 11.
     */
    OptionalDouble metric(String series) throws Exception {
        return http("/metrics")
                .body()
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst();
    }

    @Override
    public void close() {
        engine.close();
        controller.close();
    }
}
