package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.tekton.v1.PipelineRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.engine.TektonEngine;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;

/** Failures (of the run, of the API), deletion, conflicts, restarts and the controller's endpoints. */
@EnableKubernetesMockClient(crud = true)
class ControllerLifecycleTest {

    static KubernetesClient kubernetes;
    static KubernetesMockServer server;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private ControllerHarness harness;
    private String topic;
    private String group;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> afterChange;

    @BeforeEach
    void setUp() throws Exception {
        MovedGroup payments =
                MovedGroup.committed(kafka, "payments", "payment-handler", 40, new long[] {5, 6}, new long[] {30, 31});
        topic = payments.topic();
        group = payments.group();
        atSnapshot = payments.atSnapshot();
        afterChange = payments.afterChange();
        harness = new ControllerHarness(kubernetes, work);
        harness.tekton.start();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private KafkaOffsetRollback step(int index, String name) {
        return harness.fromReference(
                ReferenceExamples.workflow().get(index),
                kafka.bootstrapServers(),
                List.of(group),
                resource -> resource.with("metadata").put("name", name));
    }

    private KafkaOffsetRollback snapshotDeletedAfter(long ttlSecondsAfterFinished) {
        return harness.fromReference(
                ReferenceExamples.workflow().get(0), kafka.bootstrapServers(), List.of(group), resource -> {
                    resource.with("metadata").put("name", "snapshot");
                    resource.with("spec").with("job").put("ttlSecondsAfterFinished", ttlSecondsAfterFinished);
                });
    }

    private static Status failure(int code, String reason, String message) {
        return new StatusBuilder()
                .withStatus("Failure")
                .withReason(reason)
                .withCode(code)
                .withMessage(message)
                .build();
    }

    private void snapshotTaken() {
        harness.apply(step(0, "snapshot"));
        assertThat(harness.awaitFinished("snapshot").getStatus().getPhase()).isEqualTo(Phase.Completed);
    }

    @Test
    void aRollbackOfAnActiveGroupFailsWithTheExecutorsMessage() throws Exception {
        snapshotTaken();
        kafka.commit(group, afterChange);
        try (KafkaConsumer<String, String> consumer = kafka.liveConsumer(group, "consumer", topic)) {
            harness.apply(step(1, "rollback"));
            KafkaOffsetRollbackStatus status = harness.awaitFinished("rollback").getStatus();

            assertThat(status.getPhase()).isEqualTo(Phase.Failed);
            assertThat(reason(status)).isEqualTo("GroupsActive");
            assertThat(message(status)).contains(group).contains("active");
            assertThat(kafka.committed(group)).as("nothing changed").isEqualTo(afterChange);
            assertThat(harness.events("rollback")).anySatisfy(event -> {
                assertThat(event.getType()).isEqualTo("Warning");
                assertThat(event.getMessage()).contains("active");
            });
        }
    }

    @Test
    void anInvalidSpecFailsNamingTheFieldAndCreatesNoPipelineRun() {
        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(1),
                kafka.bootstrapServers(),
                List.of(group),
                resource -> resource.with("spec").remove("consumerGroups")));

        KafkaOffsetRollbackStatus status =
                harness.awaitFinished("step2-rollback").getStatus();

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(reason(status)).isEqualTo("InvalidSpec");
        assertThat(message(status)).startsWith("spec.consumerGroups is required");
        assertThat(harness.pipelineRuns("step2-rollback")).isEmpty();
    }

    @Test
    void deletingAResourceDeletesItsPipelineRun() {
        harness.tekton.hold(run -> true);
        harness.apply(step(0, "snapshot"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.get("snapshot").getStatus() != null
                        && harness.get("snapshot").getStatus().getPhase() == Phase.Running);
        assertThat(harness.pipelineRuns("snapshot")).hasSize(1);

        kubernetes.resource(harness.get("snapshot")).delete();

        await().atMost(Duration.ofSeconds(30)).until(() -> harness.get("snapshot") == null);
        assertThat(harness.pipelineRuns("snapshot")).isEmpty();
    }

    @Test
    void twoConflictingRollbacksRunOneAfterTheOther() throws Exception {
        snapshotTaken();
        kafka.commit(group, afterChange);
        harness.tekton.hold(run -> run.getMetadata().getName().startsWith("first"));
        harness.apply(step(1, "first"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.get("first").getStatus() != null
                        && harness.get("first").getStatus().getPhase() == Phase.Running);

        harness.apply(step(1, "second"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "WaitingForConflictingOperation"
                        .equals(reason(harness.get("second").getStatus())));
        assertThat(harness.get("second").getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(message(harness.get("second").getStatus())).contains("/first (rollback of " + group);
        assertThat(harness.pipelineRuns("second"))
                .as("no run while the first one runs")
                .isEmpty();

        harness.tekton.release();
        KafkaOffsetRollbackStatus first = harness.awaitFinished("first").getStatus();
        KafkaOffsetRollbackStatus second = harness.awaitFinished("second").getStatus();

        assertThat(first.getPhase()).isEqualTo(Phase.Completed);
        assertThat(second.getPhase()).isEqualTo(Phase.Completed);
        PipelineRun secondRun = harness.pipelineRuns("second").get(0);
        assertThat(Instant.parse(secondRun.getMetadata().getCreationTimestamp()))
                .isAfterOrEqualTo(Instant.parse(first.getCompletionTime()).minusSeconds(1));
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
    }

    @Test
    void aRestartedControllerPicksUpTheRunWithoutASecondPipelineRun() throws Exception {
        snapshotTaken();
        kafka.commit(group, afterChange);
        harness.tekton.hold(run -> true);
        harness.apply(step(1, "rollback"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.get("rollback").getStatus() != null
                        && harness.get("rollback").getStatus().getPhase() == Phase.Running);

        harness.stopController();
        harness.startController();
        harness.tekton.release();
        KafkaOffsetRollbackStatus status = harness.awaitFinished("rollback").getStatus();

        assertThat(status.getPhase()).isEqualTo(Phase.Completed);
        assertThat(harness.pipelineRuns("rollback")).hasSize(1);
        assertThat(kafka.committed(group)).isEqualTo(atSnapshot);
    }

    @Test
    void aSpecChangedAfterTheRunIsReportedAndNotRun() {
        snapshotTaken();

        kubernetes
                .resources(KafkaOffsetRollback.class)
                .inNamespace(harness.namespace)
                .withName("snapshot")
                .edit(resource -> {
                    resource.getSpec().setSnapshotId("another-snapshot");
                    return resource;
                });

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Conditions.find(
                                harness.get("snapshot").getStatus().getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                        .isPresent());
        KafkaOffsetRollbackStatus status = harness.get("snapshot").getStatus();
        assertThat(Conditions.find(status.getConditions(), Conditions.SPEC_CHANGE_IGNORED)
                        .orElseThrow()
                        .getMessage())
                .contains("spec generation 2 was not run")
                .contains("create a new KafkaOffsetRollback");
        assertThat(status.getPhase()).isEqualTo(Phase.Completed);
        assertThat(status.getSnapshotId()).isEqualTo("before-change");
        assertThat(harness.pipelineRuns("snapshot")).hasSize(1);
        assertThat(harness.events("snapshot"))
                .extracting(event -> event.getReason())
                .contains("SpecChangedAfterRun");
    }

    @Test
    void aRunTheApiRefusesToCreateShowsTheApisMessageAndIsCreatedOnceAllowed() throws Exception {
        String forbidden = "pipelineruns.tekton.dev is forbidden: User"
                + " \"system:serviceaccount:korb-system:korb-controller\" cannot create resource \"pipelineruns\""
                + " in API group \"tekton.dev\" in the namespace \"" + harness.namespace + "\"";
        // CRUD mode answers a recorded expectation first: the first three creates are refused, then allowed.
        server.expect()
                .post()
                .withPath("/apis/tekton.dev/v1/namespaces/" + harness.namespace + "/pipelineruns")
                .andReturn(403, failure(403, "Forbidden", forbidden))
                .times(3);

        harness.apply(step(0, "snapshot"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "RunCreationFailed"
                        .equals(reason(harness.get("snapshot").getStatus())));
        KafkaOffsetRollbackStatus refused = harness.get("snapshot").getStatus();
        assertThat(refused.getPhase()).isEqualTo(Phase.Pending);
        assertThat(message(refused))
                .isEqualTo(
                        "creating PipelineRun snapshot-g1 failed: " + forbidden + " (HTTP 403); retrying with backoff");
        assertThat(harness.pipelineRuns("snapshot")).isEmpty();
        assertThat(harness.events("snapshot")).anySatisfy(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("RunCreationFailed");
        });

        KafkaOffsetRollbackStatus status = harness.awaitFinished("snapshot").getStatus();

        assertThat(status.getPhase()).isEqualTo(Phase.Completed);
        assertThat(reason(status)).isEqualTo("SnapshotCreated");
        assertThat(harness.pipelineRuns("snapshot")).hasSize(1);
        assertThat(harness.events("snapshot")).extracting(Event::getReason).contains("SnapshotCreated");
        assertThat(harness.metric("korb_reconciliation_failures_total")).hasValue(3);
        assertThat(harness.metric("korb_runs_started_total{operation=\"snapshot\"}"))
                .hasValue(1);
        assertThat(harness.http("/metrics").body())
                .contains(
                        "operator_sdk_reconciliations_started_total",
                        "jvm_memory_used_bytes",
                        "jvm_gc_live_data_size_bytes",
                        "jvm_threads_live_threads",
                        "process_uptime_seconds",
                        "process_files_open_files",
                        "system_cpu_count");
    }

    // A request the API refuses in the middle of a reconciliation (one the client does not retry itself, as it
    // does a 5xx): the stored status, the Events and the run counters stay true.
    @Test
    void aRefusedDeletionOfAnExpiredRunKeepsTheOutcomeStoredOnceAndIsTriedAgain() throws Exception {
        server.expect()
                .delete()
                .withPath("/apis/tekton.dev/v1/namespaces/" + harness.namespace + "/pipelineruns/snapshot-g1")
                .andReturn(
                        403,
                        failure(
                                403,
                                "Forbidden",
                                "pipelineruns.tekton.dev \"snapshot-g1\" is forbidden:"
                                        + " cannot delete resource \"pipelineruns\""))
                .times(2);

        harness.apply(snapshotDeletedAfter(0));
        harness.awaitFinished("snapshot");

        // The mock API answers the recorded refusals first: the run is gone only after two refused deletions.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.pipelineRuns("snapshot").isEmpty());
        KafkaOffsetRollbackStatus status = harness.get("snapshot").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Completed);
        assertThat(reason(status)).isEqualTo("SnapshotCreated");
        assertThat(status.getSnapshotData().getTotalPartitions()).isEqualTo(2);
        assertThat(harness.events("snapshot", "SnapshotCreated"))
                .as("one Event for the one transition")
                .isEqualTo(1);
        assertThat(harness.metric("korb_runs_finished_total{operation=\"snapshot\",outcome=\"completed\"}"))
                .hasValue(1);
        assertThat(harness.metric("korb_reconciliation_failures_total"))
                .as("housekeeping, not a failure")
                .hasValue(0);
    }

    @Test
    void aRunAdoptedWhoseTaskRunCannotBeReadYetIsCountedStartedAndFinishedOnce() throws Exception {
        // An earlier controller created the run and stopped before it stored the status; the run has finished.
        harness.stopController();
        KafkaOffsetRollback resource = harness.apply(step(0, "snapshot"));
        PipelineRun created = kubernetes
                .resource(new TektonEngine(ControllerHarness.CONFIG.executor()).render(resource))
                .create();
        var runResource = kubernetes
                .resources(PipelineRun.class)
                .inNamespace(harness.namespace)
                .withName(created.getMetadata().getName());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> new TektonEngine(ControllerHarness.CONFIG.executor())
                        .read(kubernetes, runResource.get())
                        .state()
                        .finished());
        String taskRun =
                runResource.get().getStatus().getChildReferences().get(0).getName();
        server.expect()
                .get()
                .withPath("/apis/tekton.dev/v1/namespaces/" + harness.namespace + "/taskruns/" + taskRun)
                .andReturn(
                        403,
                        failure(
                                403,
                                "Forbidden",
                                "taskruns.tekton.dev \"" + taskRun + "\" is forbidden:"
                                        + " cannot get resource \"taskruns\""))
                .times(2);

        harness.startController();
        KafkaOffsetRollbackStatus status = harness.awaitFinished("snapshot").getStatus();

        assertThat(status.getPhase()).isEqualTo(Phase.Completed);
        assertThat(reason(status)).isEqualTo("SnapshotCreated");
        assertThat(status.getPipelineRun()).isEqualTo(created.getMetadata().getName());
        assertThat(harness.pipelineRuns("snapshot")).hasSize(1);
        assertThat(harness.events("snapshot", "KubernetesApiError")).isPositive();
        assertThat(harness.events("snapshot", "SnapshotCreated")).isEqualTo(1);
        assertThat(harness.metric("korb_reconciliation_failures_total")).hasValue(2);
        assertThat(harness.metric("korb_runs_started_total{operation=\"snapshot\"}"))
                .hasValue(1);
        assertThat(harness.metric("korb_runs_finished_total{operation=\"snapshot\",outcome=\"completed\"}"))
                .hasValue(1);
    }

    @Test
    void aStatusPatchRefusedAsTheRunFinishesLosesNothingToTheTtl() throws Exception {
        harness.tekton.hold(run -> true);
        harness.apply(snapshotDeletedAfter(0));
        harness.awaitPhase("snapshot", Phase.Running);
        // The next status patch is the one that stores the finished run.
        server.expect()
                .patch()
                .withPath("/apis/kafka.oso.sh/v1alpha1/namespaces/" + harness.namespace
                        + "/kafkaoffsetrollbacks/snapshot/status")
                .andReturn(
                        409,
                        failure(
                                409,
                                "Conflict",
                                "Operation cannot be fulfilled on"
                                        + " kafkaoffsetrollbacks.kafka.oso.sh \"snapshot\": the object has been modified"))
                .once();

        harness.tekton.release();
        KafkaOffsetRollbackStatus status = harness.awaitFinished("snapshot").getStatus();

        assertThat(status.getPhase())
                .as("not PipelineRunDeleted: the run is deleted only once the outcome is stored")
                .isEqualTo(Phase.Completed);
        assertThat(reason(status)).isEqualTo("SnapshotCreated");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.pipelineRuns("snapshot").isEmpty());
        assertThat(harness.get("snapshot").getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(harness.metric("korb_runs_finished_total{operation=\"snapshot\",outcome=\"completed\"}"))
                .hasValue(1);
    }

    @Test
    void healthReadinessAndMetricsAreServed() throws Exception {
        snapshotTaken();

        assertThat(harness.http("/healthz").statusCode()).isEqualTo(200);
        assertThat(harness.http("/readyz").statusCode()).isEqualTo(200);
        assertThat(harness.metric("korb_runs_finished_total{operation=\"snapshot\",outcome=\"completed\"}"))
                .hasValue(1);
        assertThat(harness.metric("korb_runs_started_total{operation=\"snapshot\"}"))
                .hasValue(1);
        assertThat(harness.metric("korb_reconciliations_total").orElseThrow()).isGreaterThanOrEqualTo(1);
    }

    static String reason(KafkaOffsetRollbackStatus status) {
        return status == null
                ? null
                : Conditions.readyReason(status.getConditions()).orElse(null);
    }

    static String message(KafkaOffsetRollbackStatus status) {
        return Conditions.find(status.getConditions(), Conditions.READY)
                .map(condition -> condition.getMessage())
                .orElse("");
    }
}
