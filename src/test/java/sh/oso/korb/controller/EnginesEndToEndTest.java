package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.engine.EngineKind;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;
import sh.oso.korb.workflow.Yaml;

/**
 * The reference's resources on each engine: the controller creates a PipelineRun, a Workflow or a Job, that
 * engine's stand-in runs it with the real executor against the real broker and writes its status back as the
 * engine does, and the resource's status comes out the same whatever the engine.
 */
@EnableKubernetesMockClient(crud = true)
class EnginesEndToEndTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private ControllerHarness harness;
    private String topic;
    private String group;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> afterChange;

    private void on(EngineKind engine, String topicName) throws Exception {
        MovedGroup moved = MovedGroup.committed(
                kafka, topicName, topicName + "-reader", 40, new long[] {10, 20, 30}, new long[] {35, 2, 40});
        topic = moved.topic();
        group = moved.group();
        atSnapshot = moved.atSnapshot();
        afterChange = moved.afterChange();
        harness = new ControllerHarness(kubernetes, work, engine);
        harness.engine.start();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    private KafkaOffsetRollback step(int index) {
        return harness.fromReference(
                ReferenceExamples.workflow().get(index), kafka.bootstrapServers(), List.of(group), resource -> {});
    }

    private KafkaOffsetRollback step(int index, String name) {
        return harness.fromReference(
                ReferenceExamples.workflow().get(index),
                kafka.bootstrapServers(),
                List.of(group),
                resource -> resource.with("metadata").put("name", name));
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theReferenceWorkflowEndsTheSameOnEveryEngine(EngineKind engine) throws Exception {
        on(engine, "workflow-" + engine);

        harness.apply(step(0));
        KafkaOffsetRollbackStatus snapshot =
                harness.awaitFinished("step1-snapshot").getStatus();
        assertThat(snapshot.getPhase()).as(ready(snapshot)).isEqualTo(Phase.Completed);
        assertThat(reason(snapshot)).isEqualTo("SnapshotCreated");
        assertThat(snapshot.getSnapshotData().getGroups()).isEqualTo(1);
        assertThat(snapshot.getSnapshotData().getTotalPartitions()).isEqualTo(3);
        assertThat(snapshot.getSnapshotData().getTimestamp()).isNotBlank();
        assertThat(snapshot.getRun().getKind()).isEqualTo(engine.runKind());
        assertThat(snapshot.getRun().getApiVersion()).isEqualTo(engine.apiVersion());
        assertThat(snapshot.getRun().getName()).isEqualTo("step1-snapshot-g1");
        assertThat(snapshot.getPipelineRun())
                .as("kept for Tekton only")
                .isEqualTo(engine == EngineKind.TEKTON ? "step1-snapshot-g1" : null);
        assertThat(harness.runs("step1-snapshot"))
                .singleElement()
                .satisfies(run -> assertThat(run.getMetadata().getOwnerReferences())
                        .singleElement()
                        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("step1-snapshot")));

        kafka.commit(group, afterChange);
        harness.apply(step(1));
        KafkaOffsetRollbackStatus rollback =
                harness.awaitFinished("step2-rollback").getStatus();
        assertThat(rollback.getPhase()).as(ready(rollback)).isEqualTo(Phase.Completed);
        assertThat(reason(rollback)).isEqualTo("RollbackCompleted");
        assertThat(rollback.getUndoSnapshotId()).startsWith("before-change-undo-");
        assertThat(kafka.committed(group)).as("offsets back at the snapshot").isEqualTo(atSnapshot);

        harness.apply(step(2));
        KafkaOffsetRollbackStatus verify = harness.awaitFinished("step3-verify").getStatus();
        assertThat(verify.getPhase()).as(ready(verify)).isEqualTo(Phase.Completed);
        assertThat(reason(verify)).isEqualTo("VerificationPassed");
        assertThat(verify.getSnapshotData().getTotalPartitions()).isEqualTo(3);
        assertThat(verify.getVerificationResult().getMatched()).isTrue();
        assertThat(verify.getVerificationResult().getTotalDifferences()).isZero();
        assertThat(harness.events("step3-verify"))
                .extracting(event -> event.getReason())
                .contains("VerificationPassed");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aRollbackRefusedByAnActiveConsumerFailsWithGroupsActive(EngineKind engine) throws Exception {
        on(engine, "active-" + engine);
        harness.apply(step(0, "snapshot"));
        assertThat(harness.awaitFinished("snapshot").getStatus().getPhase()).isEqualTo(Phase.Completed);
        kafka.commit(group, afterChange);

        try (KafkaConsumer<String, String> consumer = kafka.liveConsumer(group, "consumer", topic)) {
            harness.apply(step(1, "rollback"));
            KafkaOffsetRollbackStatus status = harness.awaitFinished("rollback").getStatus();

            assertThat(status.getPhase()).isEqualTo(Phase.Failed);
            assertThat(reason(status)).isEqualTo("GroupsActive");
            assertThat(message(status)).contains(group).contains("active");
            assertThat(kafka.committed(group)).as("nothing changed").isEqualTo(afterChange);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void theFinishedRunIsDeletedAfterItsTtlEvenOfZeroAndTheStatusKeepsItsOutcome(EngineKind engine) throws Exception {
        on(engine, "ttl-" + engine);
        // 0: the run goes as soon as its outcome is stored; the engine's own TTL must not beat the controller to it
        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(0),
                kafka.bootstrapServers(),
                List.of(group),
                resource -> resource.with("spec").with("job").put("ttlSecondsAfterFinished", 0)));
        harness.awaitFinished("step1-snapshot");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.runs("step1-snapshot").isEmpty());
        KafkaOffsetRollback after = harness.get("step1-snapshot");
        assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(after.getStatus().getSnapshotData().getTotalPartitions()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void deletingTheResourceDeletesItsRun(EngineKind engine) throws Exception {
        on(engine, "delete-" + engine);
        harness.engine.hold(run -> true);
        harness.apply(step(0, "snapshot"));
        awaitRunning("snapshot");
        assertThat(harness.runs("snapshot")).hasSize(1);

        kubernetes.resource(harness.get("snapshot")).delete();

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.get("snapshot") == null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.runs("snapshot").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aRestartedControllerAdoptsTheRunItStarted(EngineKind engine) throws Exception {
        on(engine, "adopt-" + engine);
        harness.apply(step(0, "snapshot"));
        harness.awaitFinished("snapshot");
        kafka.commit(group, afterChange);
        harness.engine.hold(run -> true);
        harness.apply(step(1, "rollback"));
        awaitRunning("rollback");

        harness.stopController();
        harness.startController();
        harness.engine.release();
        KafkaOffsetRollbackStatus status = harness.awaitFinished("rollback").getStatus();

        assertThat(status.getPhase()).as(ready(status)).isEqualTo(Phase.Completed);
        assertThat(harness.runs("rollback")).as("no second run").hasSize(1);
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
    }

    /** The second rollback of a group waits for the first, whatever runs them; the metrics count both once. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void twoConflictingRollbacksRunOneAfterTheOtherAndAreCounted(EngineKind engine) throws Exception {
        on(engine, "conflict-" + engine);
        harness.apply(step(0, "snapshot"));
        harness.awaitFinished("snapshot");
        kafka.commit(group, afterChange);
        harness.engine.hold(run -> run.getMetadata().getName().startsWith("first"));
        harness.apply(step(1, "first"));
        awaitRunning("first");

        harness.apply(step(1, "second"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "WaitingForConflictingOperation"
                        .equals(reason(harness.get("second").getStatus())));
        assertThat(harness.get("second").getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(harness.runs("second")).as("no run while the first one runs").isEmpty();

        harness.engine.release();
        KafkaOffsetRollbackStatus first = harness.awaitFinished("first").getStatus();
        KafkaOffsetRollbackStatus second = harness.awaitFinished("second").getStatus();

        assertThat(first.getPhase()).as(ready(first)).isEqualTo(Phase.Completed);
        assertThat(second.getPhase()).as(ready(second)).isEqualTo(Phase.Completed);
        assertThat(Instant.parse(harness.runs("second").get(0).getMetadata().getCreationTimestamp()))
                .isAfterOrEqualTo(Instant.parse(first.getCompletionTime()).minusSeconds(1));
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
        assertThat(harness.metric("korb_runs_started_total{operation=\"rollback\"}"))
                .hasValue(2);
        assertThat(harness.metric("korb_runs_finished_total{operation=\"rollback\",outcome=\"completed\"}"))
                .hasValue(2);
    }

    /**
     * consumerGroupPattern instead of consumerGroups, on every engine: the snapshot takes the cluster's groups the
     * pattern matches and the rollback the snapshot's; a rollback listing one of them waits for the pattern's.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aPatternSnapshotsAndRollsBackTheGroupsItMatchesAndAListedGroupWaitsForIt(EngineKind engine) throws Exception {
        on(engine, "pattern-" + engine);
        String pattern = group.substring(0, group.length() - 2) + ".."; // letters, digits and '-' match themselves
        Consumer<ObjectNode> byPattern = resource -> {
            resource.with("spec").remove("consumerGroups");
            resource.with("spec").put("consumerGroupPattern", pattern);
        };
        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(0), kafka.bootstrapServers(), List.of(group), byPattern));
        KafkaOffsetRollbackStatus snapshot =
                harness.awaitFinished("step1-snapshot").getStatus();
        assertThat(snapshot.getPhase()).as(ready(snapshot)).isEqualTo(Phase.Completed);
        assertThat(snapshot.getSnapshotData().getGroups()).isEqualTo(1);
        assertThat(snapshot.getSnapshotData().getTotalPartitions()).isEqualTo(3);

        kafka.commit(group, afterChange);
        harness.engine.hold(run -> run.getMetadata().getName().startsWith("step2-rollback"));
        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(1), kafka.bootstrapServers(), List.of(group), byPattern));
        awaitRunning("step2-rollback");
        harness.apply(step(1, "listed"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.get("listed").getStatus() != null
                        && "WaitingForConflictingOperation"
                                .equals(reason(harness.get("listed").getStatus())));
        assertThat(message(harness.get("listed").getStatus()))
                .contains("(rollback of the groups matching '" + pattern + "')");

        harness.engine.release();
        KafkaOffsetRollbackStatus rollback =
                harness.awaitFinished("step2-rollback").getStatus();
        assertThat(rollback.getPhase()).as(ready(rollback)).isEqualTo(Phase.Completed);
        assertThat(reason(rollback)).isEqualTo("RollbackCompleted");
        assertThat(kafka.committed(group)).as("offsets back at the snapshot").isEqualTo(atSnapshot);
        assertThat(harness.awaitFinished("listed").getStatus().getPhase()).isEqualTo(Phase.Completed);
    }

    /** An earlier controller created the run and stopped before it stored the status: the next one adopts it. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aRestartedControllerAdoptsARunCreatedBeforeTheStatusNamedIt(EngineKind engine) throws Exception {
        on(engine, "adopt-unnamed-" + engine);
        harness.apply(step(0, "snapshot"));
        harness.awaitFinished("snapshot");
        kafka.commit(group, afterChange);
        harness.stopController();
        KafkaOffsetRollback stored = harness.apply(step(1, "rollback"));
        HasMetadata created = kubernetes
                .resource(new Engines(ControllerHarness.CONFIG.on(engine)).render(stored))
                .create();

        harness.startController();
        KafkaOffsetRollbackStatus status = harness.awaitFinished("rollback").getStatus();

        assertThat(status.getPhase()).as(ready(status)).isEqualTo(Phase.Completed);
        assertThat(reason(status)).isEqualTo("RollbackCompleted");
        assertThat(status.getRun().getName()).isEqualTo(created.getMetadata().getName());
        assertThat(harness.runs("rollback"))
                .as("the earlier run, no second one")
                .singleElement()
                .satisfies(run -> assertThat(run.getMetadata().getUid())
                        .isEqualTo(created.getMetadata().getUid()));
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
    }

    /**
     * Failed for an engine the installation does not run stays failed: a controller restarted with that engine
     * enabled must not start, days later, a rollback its user saw refused.
     */
    @Test
    void aResourceRefusedForADisabledEngineNeverRunsLater() throws Exception {
        on(EngineKind.TEKTON, "disabled-engine");
        harness.stopController();
        harness.startController(ControllerHarness.CONFIG); // Tekton only
        KafkaOffsetRollback snapshot = step(0, "on-jobs");
        snapshot.getMetadata().setAnnotations(Map.of("korb.oso.sh/engine", "job"));
        harness.apply(snapshot);

        KafkaOffsetRollbackStatus status = harness.awaitFinished("on-jobs").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(reason(status)).isEqualTo("InvalidSpec");
        assertThat(message(status))
                .isEqualTo("metadata.annotations[korb.oso.sh/engine]: engine job is not enabled in this installation,"
                        + " which runs tekton; create the resource again without the annotation or naming one of"
                        + " those, or enable the engine (korb controller --engines) and create it again");

        harness.stopController();
        harness.startController(ControllerHarness.CONFIG.on(EngineKind.TEKTON)); // every engine enabled
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
            KafkaOffsetRollbackStatus now = harness.get("on-jobs").getStatus();
            return now.getPhase() == Phase.Failed
                    && now.getRun() == null
                    && harness.runs(EngineKind.JOB, "on-jobs").isEmpty()
                    && harness.runs(EngineKind.TEKTON, "on-jobs").isEmpty();
        });
    }

    @Test
    void theAnnotationPicksTheEngineOfOneResource() throws Exception {
        on(EngineKind.TEKTON, "annotated");
        KafkaOffsetRollback snapshot = step(0, "on-jobs");
        snapshot.getMetadata().setAnnotations(Map.of("korb.oso.sh/engine", "job"));
        harness.apply(snapshot);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.get("on-jobs").getStatus() != null
                        && harness.get("on-jobs").getStatus().getRun() != null);
        assertThat(harness.get("on-jobs").getStatus().getRun().getKind()).isEqualTo("Job");
        assertThat(harness.runs(EngineKind.JOB, "on-jobs")).hasSize(1);
        assertThat(harness.runs(EngineKind.TEKTON, "on-jobs")).isEmpty();
    }

    @Test
    void anUnknownEngineInTheAnnotationIsAnInvalidSpecAndCreatesNoRun() throws Exception {
        on(EngineKind.TEKTON, "unknown-engine");
        KafkaOffsetRollback snapshot = step(0, "on-nothing");
        snapshot.getMetadata().setAnnotations(Map.of("korb.oso.sh/engine", "airflow"));
        harness.apply(snapshot);

        KafkaOffsetRollbackStatus status = harness.awaitFinished("on-nothing").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(reason(status)).isEqualTo("InvalidSpec");
        assertThat(message(status))
                .isEqualTo("metadata.annotations[korb.oso.sh/engine]: 'airflow' is not an engine: use tekton, argo"
                        + " or job; create the resource again with a valid one");
        for (EngineKind kind : EngineKind.values()) {
            assertThat(harness.runs(kind, "on-nothing")).isEmpty();
        }
    }

    /**
     * What {@code korb render} prints for a resource is exactly what the controller creates for it: the same spec,
     * name, namespace, labels and annotations; only what exists once the resource is stored (its uid: the owner
     * reference and the uid label) is missing from the rendered run.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void renderPrintsTheRunTheControllerCreates(EngineKind engine) throws Exception {
        harness = new ControllerHarness(kubernetes, work, engine); // no stand-in started: the run stays as created
        KafkaOffsetRollback resource = harness.fromReference(
                ReferenceExamples.named("offset-rollback"), "kafka:9092", List.of("orders-reader"), copy -> {});
        Path file = work.resolve("resource.yaml");
        Files.writeString(file, Serialization.asYaml(resource));
        harness.apply(resource);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !harness.runs("offset-rollback").isEmpty());
        JsonNode created = Serialization.jsonMapper()
                .valueToTree(harness.runs("offset-rollback").get(0));

        CliRun.Result rendered = CliRun.korb(
                "render",
                "-f",
                file.toString(),
                "--engine",
                engine.value(),
                "--executor-image",
                ControllerHarness.CONFIG.executorImage(),
                "--executor-service-account",
                ControllerHarness.CONFIG.executorAccount());

        assertThat(rendered.exitCode()).as(rendered.toString()).isZero();
        // one parser for both, so that 600 is the same number whether it came from YAML or the API's JSON
        JsonNode run = Yaml.parse(rendered.out());
        created = Yaml.parse(created.toString());
        assertThat(run.path("spec")).isEqualTo(created.path("spec"));
        for (String field : List.of("apiVersion", "kind")) {
            assertThat(run.path(field)).isEqualTo(created.path(field));
        }
        for (String field : List.of("name", "namespace", "annotations")) {
            assertThat(run.path("metadata").path(field))
                    .isEqualTo(created.path("metadata").path(field));
        }
        ObjectNode createdLabels = created.at("/metadata/labels").deepCopy();
        createdLabels.remove(RunNames.UID_LABEL);
        assertThat(run.at("/metadata/labels")).isEqualTo(createdLabels);
        assertThat(created.at("/metadata/ownerReferences/0/uid").asText())
                .isEqualTo(harness.get("offset-rollback").getMetadata().getUid());
    }

    private void awaitRunning(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            KafkaOffsetRollback current = harness.get(name);
            return current != null
                    && current.getStatus() != null
                    && current.getStatus().getPhase() == Phase.Running;
        });
    }

    private static String reason(KafkaOffsetRollbackStatus status) {
        return Conditions.readyReason(status.getConditions()).orElse(null);
    }

    private static String message(KafkaOffsetRollbackStatus status) {
        return Conditions.find(status.getConditions(), Conditions.READY)
                .map(condition -> condition.getMessage())
                .orElse(null);
    }

    private static String ready(KafkaOffsetRollbackStatus status) {
        return String.valueOf(
                Conditions.find(status.getConditions(), Conditions.READY).orElse(null));
    }
}
