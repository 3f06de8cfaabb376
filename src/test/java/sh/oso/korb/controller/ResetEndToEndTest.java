package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.PipelineRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
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
 * status as the reference shows it, the same whatever the engine; every strategy end to end on Tekton; headerBased
 * and a reset for an engine the installation does not run refused at once, with no run. With the rollback's
 * guarantees: it waits for a conflicting reset or rollback (and a rollback for it), Events and run metrics, the run
 * deleted after its ttl, and a failed reconciliation's reason in the status.
 */
@EnableKubernetesMockClient(crud = true)
class ResetEndToEndTest {

    static KubernetesClient kubernetes;
    static KubernetesMockServer server;

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
    void headerBasedFailsAtOnceWithStrategyNotSupportedAndNoRun() throws Exception {
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();

        apply(reset("post-restore-reset", "kafka:9092", List.of("order-processor"), spec -> {}));
        KafkaOffsetResetStatus status = awaitFinished("post-restore-reset");

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(status).getReason()).isEqualTo("StrategyNotSupported");
        assertThat(ready(status).getMessage()).contains("timestamp").contains("fromMapping");
        assertThat(status.getRun()).isNull();
        assertThat(resetRuns("post-restore-reset")).isEmpty();
        assertThat(harness.events("post-restore-reset")).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("StrategyNotSupported");
        });
        assertThat(harness.metric("korb_runs_started_total{operation=\"reset\"}"))
                .as("no run, none counted")
                .isEmpty();
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
        assertThat(harness.events("reset-to-earliest"))
                .filteredOn(event -> "Normal".equals(event.getType()))
                .extracting(Event::getReason)
                .contains("ResetCompleted");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                harness.metric("korb_runs_finished_total{operation=\"reset\",outcome=\"completed\"}"))
                        .hasValue(1));
        assertThat(harness.metric("korb_runs_started_total{operation=\"reset\"}"))
                .hasValue(1);
    }

    @Test
    void aRollbackWaitsForARunningResetOfItsGroupAndThenUndoesIt() throws Exception {
        MovedGroup group = holdingTheFirstRun("reset-then-undo");
        apply(named("first", shift(kafka.bootstrapServers(), group, -5, spec -> spec.put("snapshotId", "undo"))));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("first").getStatus() != null
                        && get("first").getStatus().getPhase() == Phase.Running);

        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(1), kafka.bootstrapServers(), List.of(group.group()), resource -> {
                    resource.with("metadata").put("name", "second");
                    resource.with("spec").put("snapshotId", "undo");
                }));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "WaitingForConflictingOperation"
                        .equals(Conditions.readyReason(
                                        harness.get("second").getStatus().getConditions())
                                .orElse(null)));
        assertThat(harness.get("second").getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(Rollbacks.message(harness.get("second"))).contains("/first (reset of " + group.group() + ")");
        assertThat(harness.pipelineRuns("second"))
                .as("no run while the reset runs")
                .isEmpty();

        harness.engine.release();
        assertThat(awaitFinished("first").getPhase()).isEqualTo(Phase.Completed);
        assertThat(harness.awaitFinished("second").getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(kafka.committed(group.group()))
                .as("the rollback ran after the reset and put its offsets back")
                .isEqualTo(offsets(group, 10, 20));
    }

    @Test
    void aResetWaitsForARunningSnapshotAndAnotherResetForIt() throws Exception {
        MovedGroup group = holdingTheFirstRun("resets-in-turn");
        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(0),
                kafka.bootstrapServers(),
                List.of(group.group()),
                resource -> resource.with("metadata").put("name", "first")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.get("first").getStatus() != null
                        && harness.get("first").getStatus().getPhase() == Phase.Running);

        apply(named("second", shift(kafka.bootstrapServers(), group, -5, spec -> {})));
        awaitWaitingFor("second", "/first (snapshot of " + group.group() + ")");
        assertThat(harness.events("second", "WaitingForConflictingOperation")).isEqualTo(1);
        assertThat(resetRuns("second")).isEmpty();

        harness.engine.release();
        harness.engine.hold(run -> run.getMetadata().getName().startsWith("second"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("second").getStatus().getPhase() == Phase.Running);
        apply(named("third", shift(kafka.bootstrapServers(), group, -5, spec -> {})));
        awaitWaitingFor("third", "/second (reset of " + group.group() + ")");
        assertThat(resetRuns("third")).isEmpty();

        harness.engine.release();
        assertThat(awaitFinished("second").getPhase()).isEqualTo(Phase.Completed);
        assertThat(awaitFinished("third").getPhase()).isEqualTo(Phase.Completed);
        assertThat(kafka.committed(group.group()))
                .as("both shifts, one after the other")
                .isEqualTo(offsets(group, 0, 10));
    }

    @Test
    void theFinishedRunIsDeletedAfterItsTtlAndTheStatusStays() throws Exception {
        MovedGroup group =
                MovedGroup.committed(kafka, "reset-ttl", "reset-ttl-reader", 40, new long[] {10}, new long[] {});
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();

        apply(shift(kafka.bootstrapServers(), group, -5, spec -> {
            spec.put("dryRun", true);
            spec.with("job").put("ttlSecondsAfterFinished", 1);
        }));
        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> resetRuns("reset-to-earliest").isEmpty());

        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(get("reset-to-earliest").getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(ready(get("reset-to-earliest").getStatus()).getReason()).isEqualTo("ResetPlanned");
    }

    @Test
    void aRunTheApiRefusesToCreateShowsTheApisMessageAndIsCreatedOnceAllowed() throws Exception {
        MovedGroup group = MovedGroup.committed(
                kafka, "reset-refused", "reset-refused-reader", 40, new long[] {10}, new long[] {});
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start();
        // CRUD mode answers a recorded expectation first: the first two creates are refused, then allowed.
        server.expect()
                .post()
                .withPath("/apis/tekton.dev/v1/namespaces/" + harness.namespace + "/pipelineruns")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withReason("Forbidden")
                                .withCode(403)
                                .withMessage("pipelineruns.tekton.dev is forbidden")
                                .build())
                .times(2);

        apply(shift(kafka.bootstrapServers(), group, -5, spec -> spec.put("dryRun", true)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get("reset-to-earliest").getStatus() != null
                        && "RunCreationFailed"
                                .equals(Conditions.readyReason(get("reset-to-earliest")
                                                .getStatus()
                                                .getConditions())
                                        .orElse(null)));
        KafkaOffsetResetStatus refused = get("reset-to-earliest").getStatus();
        assertThat(refused.getPhase()).isEqualTo(Phase.Pending);
        assertThat(ready(refused).getMessage())
                .isEqualTo("creating PipelineRun " + RunNames.run(get("reset-to-earliest"))
                        + " failed: pipelineruns.tekton.dev is forbidden (HTTP 403); retrying with backoff");
        assertThat(harness.events("reset-to-earliest", "RunCreationFailed")).isPositive();

        KafkaOffsetResetStatus status = awaitFinished("reset-to-earliest");
        assertThat(status.getPhase()).as(ready(status).getMessage()).isEqualTo(Phase.Completed);
        assertThat(resetRuns("reset-to-earliest")).hasSize(1);
        assertThat(harness.metric("korb_reconciliation_failures_total")).hasValue(2);
    }

    /** The reference's reset-to-earliest as a shiftBy of the group on this cluster. */
    private KafkaOffsetReset shift(String bootstrapServers, MovedGroup group, long by, Consumer<ObjectNode> change) {
        return reset("reset-to-earliest", bootstrapServers, List.of(group.group()), spec -> {
            spec.put("strategy", "shiftBy").put("shiftBy", by);
            change.accept(spec);
        });
    }

    /** A group at offsets 10 and 20 of its topic, and the controller whose run of "first" is held. */
    private MovedGroup holdingTheFirstRun(String topic) throws Exception {
        MovedGroup group =
                MovedGroup.committed(kafka, topic, topic + "-reader", 40, new long[] {10, 20}, new long[] {});
        harness = new ControllerHarness(kubernetes, work, EngineKind.TEKTON);
        harness.engine.start().hold(run -> run.getMetadata().getName().startsWith("first"));
        return group;
    }

    /** The group's offsets on partitions 0, 1, ... of its topic. */
    private static Map<TopicPartition, Long> offsets(MovedGroup group, long... offsets) {
        Map<TopicPartition, Long> map = new HashMap<>();
        for (int partition = 0; partition < offsets.length; partition++) {
            map.put(new TopicPartition(group.topic(), partition), offsets[partition]);
        }
        return map;
    }

    private static KafkaOffsetReset named(String name, KafkaOffsetReset reset) {
        reset.getMetadata().setName(name);
        return reset;
    }

    private void awaitWaitingFor(String name, String blocker) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(name).getStatus() != null
                        && "WaitingForConflictingOperation"
                                .equals(Conditions.readyReason(
                                                get(name).getStatus().getConditions())
                                        .orElse(null)));
        assertThat(get(name).getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(ready(get(name).getStatus()).getMessage()).contains(blocker);
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
