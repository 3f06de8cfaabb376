package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.PipelineRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.workflow.Yaml;

/**
 * KafkaOffsetResets through the controller on every engine: the run it creates (the reset Pipeline, the Argo
 * template reset, the reset Task's step as a Job; the spec as params, the mapping ConfigMap as a workspace or
 * volume), run by that engine's stand-in with the real executor against the real broker, and its outcome in the
 * status as the reference shows it, the same whatever the engine; headerBased and a reset for an engine the
 * installation does not run refused at once, with no run.
 */
@EnableKubernetesMockClient(crud = true)
class ResetEndToEndTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private ControllerHarness harness;

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void headerBasedFailsAtOnceWithStrategyNotSupportedAndNoRun() {
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();

        apply(reset("post-restore-reset", "kafka:9092", List.of("order-processor"), spec -> {}));
        KafkaOffsetResetStatus status = awaitFinished("post-restore-reset");

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(status).getReason()).isEqualTo("StrategyNotSupported");
        assertThat(ready(status).getMessage()).contains("timestamp").contains("fromMapping");
        assertThat(status.getRun()).isNull();
        assertThat(resetRuns("post-restore-reset")).isEmpty();
    }

    @Test
    void aResetForAnEngineThisInstallationDoesNotRunIsRefusedWithNoRun() {
        harness = new ControllerHarness(kubernetes, kubernetes, work, ControllerHarness.CONFIG); // Tekton only
        harness.engine.start();

        KafkaOffsetReset reset = reset("reset-to-earliest", "kafka:9092", List.of("g"), spec -> {});
        reset.getMetadata().setAnnotations(Map.of(EngineKind.ANNOTATION, "job"));
        apply(reset);
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(status).getReason()).isEqualTo("InvalidSpec");
        assertThat(ready(status).getMessage())
                .isEqualTo("metadata.annotations[korb.oso.sh/engine]: engine job is not enabled in this installation,"
                        + " which runs tekton; create the resource again without the annotation or naming one of"
                        + " those, or enable the engine (korb controller --engines) and create it again");
        for (EngineKind kind : EngineKind.values()) {
            assertThat(resetRuns(kind, "reset-to-earliest")).isEmpty();
        }
    }

    @Test
    void theAnnotationPicksTheEngineOfOneReset() {
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON); // every engine enabled

        KafkaOffsetReset reset = reset("reset-to-earliest", "kafka:9092", List.of("g"), spec -> {});
        reset.getMetadata().setAnnotations(Map.of(EngineKind.ANNOTATION, "argo"));
        apply(reset);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("reset-to-earliest").getStatus() != null
                        && get("reset-to-earliest").getStatus().getRun() != null);
        assertThat(get("reset-to-earliest").getStatus().getRun().getKind()).isEqualTo("Workflow");
        assertThat(resetRuns(EngineKind.ARGO, "reset-to-earliest")).hasSize(1);
        assertThat(resetRuns(EngineKind.TEKTON, "reset-to-earliest")).isEmpty();
    }

    @Test
    void aFromMappingResetBecomesAPipelineRunWithTheMappingWorkspace() throws Exception {
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);

        apply(reset("reset-from-mapping", "kafka:9092", List.of("order-processor"), spec -> {}));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !resetRuns("reset-from-mapping").isEmpty());
        PipelineRun run = resetRuns("reset-from-mapping").get(0);

        assertThat(run.getMetadata().getName()).isEqualTo("reset-from-mapping-g1");
        assertThat(run.getSpec().getParams())
                .extracting(Param::getName, param -> param.getValue().getStringVal())
                .contains(org.assertj.core.groups.Tuple.tuple("from-file", "/var/run/korb/mapping/mapping.json"));
        assertThat(run.getSpec().getWorkspaces()).singleElement().satisfies(binding -> {
            assertThat(binding.getName()).isEqualTo("mapping");
            assertThat(binding.getConfigMap().getName()).isEqualTo("offset-mapping");
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("reset-from-mapping").getStatus() != null
                        && get("reset-from-mapping").getStatus().getRun() != null);
        assertThat(get("reset-from-mapping").getStatus().getRun().getName()).isEqualTo("reset-from-mapping-g1");
        assertThat(get("reset-from-mapping").getStatus().getRunGeneration()).isEqualTo(1L);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aShiftResetRunsEndToEndWithItsUndoSnapshotAndResults(EngineKind engine) throws Exception {
        MovedGroup group = onEngine(engine, "reset-shift-" + engine, new long[] {10, 20, 30});

        apply(reset(
                "reset-to-earliest",
                kafka.bootstrapServers(),
                List.of(group.group()),
                spec -> spec.put("strategy", "shiftBy").put("shiftBy", -5)));
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");

        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(ready(status).getReason()).isEqualTo("ResetCompleted");
        assertThat(status.getRun().getKind()).isEqualTo(engine.runKind());
        assertThat(resetRuns(engine, "reset-to-earliest")).hasSize(1);
        assertThat(status.getGroupsReset()).isEqualTo(1);
        assertThat(status.getSnapshotId()).isNotBlank();
        assertThat(status.getResults()).singleElement().satisfies(result -> {
            assertThat(result.getGroup()).isEqualTo(group.group());
            assertThat(result.getStatus()).isEqualTo("success");
            assertThat(result.getPartitionsReset()).isEqualTo(3);
        });
        assertThat(kafka.committed(group.group()))
                .isEqualTo(Map.of(
                        new TopicPartition(group.topic(), 0), 5L,
                        new TopicPartition(group.topic(), 1), 15L,
                        new TopicPartition(group.topic(), 2), 25L));
        assertThat(kubernetes
                        .configMaps()
                        .inNamespace(harness.namespace)
                        .withName("offset-snapshots")
                        .get()
                        .getData())
                .as("the undo snapshot, in the rollback's default store")
                .containsKey(status.getSnapshotId() + ".json");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aFromMappingResetRunsEndToEndWithTheConfigMapsOffsets(EngineKind engine) throws Exception {
        MovedGroup group = onEngine(engine, "reset-map-" + engine, new long[] {10, 20});
        kubernetes
                .configMaps()
                .inNamespace(harness.namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("offset-mapping")
                        .endMetadata()
                        .addToData(
                                "mapping.json",
                                "{\"groups\":{\"" + group.group() + "\":{\"" + group.topic()
                                        + "\":{\"0\":3,\"1\":7}}}}")
                        .build())
                .create();

        apply(reset("reset-from-mapping", kafka.bootstrapServers(), List.of(group.group()), spec -> {}));
        KafkaOffsetResetStatus status = awaitFinished("reset-from-mapping");

        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(status.getRun().getKind()).isEqualTo(engine.runKind());
        assertThat(kafka.committed(group.group()))
                .isEqualTo(Map.of(
                        new TopicPartition(group.topic(), 0), 3L,
                        new TopicPartition(group.topic(), 1), 7L));
    }

    /** A group committed at these offsets of a new topic, and the controller with the engine's stand-in running. */
    private MovedGroup onEngine(EngineKind engine, String topic, long[] committed) throws Exception {
        MovedGroup group = MovedGroup.committed(kafka, topic, topic + "-reader", 40, committed, new long[] {});
        harness = new ControllerHarness(kubernetes, work, engine);
        harness.engine.start();
        return group;
    }

    private KafkaOffsetReset reset(
            String example, String bootstrapServers, List<String> groups, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ResetReferenceExamples.named(example));
        resource.with("metadata").put("namespace", harness.namespace);
        ObjectNode spec = resource.with("spec");
        spec.with("kafkaCluster").putArray("bootstrapServers").add(bootstrapServers);
        groups.forEach(spec.putArray("consumerGroups")::add);
        change.accept(spec);
        return Serialization.unmarshal(resource.toString(), KafkaOffsetReset.class);
    }

    private void apply(KafkaOffsetReset reset) {
        kubernetes.resource(reset).create();
    }

    private KafkaOffsetReset get(String name) {
        return kubernetes
                .resources(KafkaOffsetReset.class)
                .inNamespace(harness.namespace)
                .withName(name)
                .get();
    }

    private KafkaOffsetResetStatus awaitFinished(String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            KafkaOffsetReset current = get(name);
            return current != null
                    && current.getStatus() != null
                    && current.getStatus().getPhase() != null
                    && current.getStatus().getPhase().finished();
        });
        return get(name).getStatus();
    }

    private List<PipelineRun> resetRuns(String name) {
        return kubernetes
                .resources(PipelineRun.class)
                .inNamespace(harness.namespace)
                .withLabel(RunNames.RESET_LABEL, name)
                .list()
                .getItems();
    }

    private List<? extends HasMetadata> resetRuns(EngineKind kind, String name) {
        return harness.runs(kind, RunNames.RESET_LABEL, name);
    }

    private static Condition ready(KafkaOffsetResetStatus status) {
        return Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    }
}
