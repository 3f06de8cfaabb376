package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
 * KafkaOffsetResets through the controller on the Tekton engine: the PipelineRun it creates (the reset Pipeline,
 * the spec as params, the mapping ConfigMap as a workspace), run by the Tekton stand-in with the real executor
 * against the real broker, and its outcome in the status as the reference shows it; headerBased and a reset meant
 * for another engine refused at once, with no run.
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
    void aResetMeantForAnotherEngineIsRefusedWithNoRun() {
        harness = new ControllerHarness(kubernetes, work, EngineKind.JOB);
        harness.engine.start();

        apply(reset("reset-to-earliest", "kafka:9092", List.of("g"), spec -> {}));
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(status).getReason()).isEqualTo("InvalidSpec");
        assertThat(ready(status).getMessage()).contains("tekton engine only");
        assertThat(resetRuns("reset-to-earliest")).isEmpty();
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

    @Test
    void aShiftResetRunsEndToEndWithItsUndoSnapshotAndResults() throws Exception {
        MovedGroup group = MovedGroup.committed(
                kafka, "reset-shift", "reset-shift-reader", 40, new long[] {10, 20, 30}, new long[] {});
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();

        apply(reset(
                "reset-to-earliest",
                kafka.bootstrapServers(),
                List.of(group.group()),
                spec -> spec.put("strategy", "shiftBy").put("shiftBy", -5)));
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");

        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(ready(status).getReason()).isEqualTo("ResetCompleted");
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

    @Test
    void aFromMappingResetRunsEndToEndWithTheConfigMapsOffsets() throws Exception {
        MovedGroup group =
                MovedGroup.committed(kafka, "reset-map", "reset-map-reader", 40, new long[] {10, 20}, new long[] {});
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();
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
        assertThat(kafka.committed(group.group()))
                .isEqualTo(Map.of(
                        new TopicPartition(group.topic(), 0), 3L,
                        new TopicPartition(group.topic(), 1), 7L));
    }

    static Stream<Arguments> strategies() {
        // three partitions of 40 records each, committed at 10, 20 and 30; the records were written just now
        return Stream.of(
                Arguments.of("earliest", (Consumer<ObjectNode>) spec -> {}, new long[] {0, 0, 0}, "ResetCompleted"),
                Arguments.of(
                        "latest",
                        (Consumer<ObjectNode>) spec -> spec.put("strategy", "latest"),
                        new long[] {40, 40, 40},
                        "ResetCompleted"),
                Arguments.of(
                        "timestamp before every record",
                        (Consumer<ObjectNode>)
                                spec -> spec.put("strategy", "timestamp").put("timestamp", "2000-01-01T00:00:00Z"),
                        new long[] {0, 0, 0},
                        "ResetCompleted"),
                Arguments.of(
                        "timestamp after the last record",
                        (Consumer<ObjectNode>)
                                spec -> spec.put("strategy", "timestamp").put("timestampMillis", 4_102_444_800_000L),
                        new long[] {40, 40, 40},
                        "ResetCompleted"),
                Arguments.of(
                        "offset",
                        (Consumer<ObjectNode>)
                                spec -> spec.put("strategy", "offset").put("offset", 7),
                        new long[] {7, 7, 7},
                        "ResetCompleted"),
                Arguments.of(
                        "duration",
                        (Consumer<ObjectNode>)
                                spec -> spec.put("strategy", "duration").put("duration", "PT1H"),
                        new long[] {0, 0, 0},
                        "ResetCompleted"),
                Arguments.of(
                        "dry run",
                        (Consumer<ObjectNode>) spec -> spec.put("dryRun", true),
                        new long[] {10, 20, 30},
                        "ResetPlanned"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void eachStrategyRunsEndToEnd(String name, Consumer<ObjectNode> strategy, long[] expected, String reason)
            throws Exception {
        MovedGroup group = MovedGroup.committed(
                kafka, "reset-each", "reset-each-reader", 40, new long[] {10, 20, 30}, new long[] {});
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();

        apply(reset("reset-to-earliest", kafka.bootstrapServers(), List.of(group.group()), strategy));
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");

        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(ready(status).getReason()).isEqualTo(reason);
        assertThat(kafka.committed(group.group()))
                .isEqualTo(Map.of(
                        new TopicPartition(group.topic(), 0), expected[0],
                        new TopicPartition(group.topic(), 1), expected[1],
                        new TopicPartition(group.topic(), 2), expected[2]));
    }

    @Test
    void aFromGroupResetSeedsANewGroupWhereAnotherIs() throws Exception {
        MovedGroup source =
                MovedGroup.committed(kafka, "reset-copy", "reset-copy-source", 40, new long[] {11, 22}, new long[] {});
        String copy = source.group() + "-copy";
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();

        apply(reset(
                "reset-to-earliest",
                kafka.bootstrapServers(),
                List.of(copy),
                spec -> spec.put("strategy", "fromGroup").put("fromGroup", source.group())));
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");

        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(kafka.committed(copy)).isEqualTo(source.atSnapshot());
        assertThat(status.getResults()).singleElement().satisfies(result -> {
            assertThat(result.getGroup()).isEqualTo(copy);
            assertThat(result.getPartitionsReset()).isEqualTo(2);
        });
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

    private static Condition ready(KafkaOffsetResetStatus status) {
        return Conditions.find(status.getConditions(), Conditions.READY).orElseThrow();
    }
}
