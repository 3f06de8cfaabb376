package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.tekton.v1.PipelineRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.MovedGroup;

/**
 * The reference's resources applied to the controller: PipelineRuns of the project's Tasks run by the Tekton stand-in
 * against the real broker, statuses and events as a user reads them with kubectl.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerEndToEndTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final EmbeddedKafka kafka = EmbeddedKafka.shared();
    private ControllerHarness harness;
    private String group;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> afterChange;

    @BeforeEach
    void setUp() throws Exception {
        MovedGroup orders =
                MovedGroup.committed(kafka, "orders", "my-group", 40, new long[] {10, 20, 30}, new long[] {35, 2, 40});
        group = orders.group();
        atSnapshot = orders.atSnapshot();
        afterChange = orders.afterChange();
        harness = new ControllerHarness(kubernetes, work);
        harness.tekton.start();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private KafkaOffsetRollback referenceStep(int index) {
        JsonNode example = ReferenceExamples.workflow().get(index);
        return harness.fromReference(example, kafka.bootstrapServers(), List.of(group), resource -> {});
    }

    @Test
    void theReferenceWorkflowSnapshotsRollsBackAndVerifies() throws Exception {
        harness.apply(referenceStep(0));
        KafkaOffsetRollbackStatus snapshot =
                harness.awaitFinished("step1-snapshot").getStatus();

        assertThat(snapshot.getPhase()).as(ready(snapshot)).isEqualTo(Phase.Completed);
        assertThat(snapshot.getSnapshotId()).isEqualTo("before-change");
        assertThat(snapshot.getSnapshotData().getGroups()).isEqualTo(1);
        assertThat(snapshot.getSnapshotData().getTotalPartitions()).isEqualTo(3);
        assertThat(snapshot.getSnapshotData().getTimestamp()).isNotBlank();
        assertThat(snapshot.getStartTime()).isNotBlank();
        assertThat(snapshot.getCompletionTime()).isNotBlank();
        assertThat(reason(snapshot)).isEqualTo("SnapshotCreated");
        ConfigMap snapshots = kubernetes
                .configMaps()
                .inNamespace(harness.namespace)
                .withName("offset-snapshots")
                .get();
        assertThat(snapshots.getData()).containsKey("before-change.json");

        kafka.commit(group, afterChange);
        harness.apply(referenceStep(1));
        KafkaOffsetRollbackStatus rollback =
                harness.awaitFinished("step2-rollback").getStatus();

        assertThat(rollback.getPhase()).as(ready(rollback)).isEqualTo(Phase.Completed);
        assertThat(reason(rollback)).isEqualTo("RollbackCompleted");
        assertThat(kafka.committed(group)).as("offsets back at the snapshot").isEqualTo(atSnapshot);
        assertThat(rollback.getUndoSnapshotId()).startsWith("before-change-undo-");

        harness.apply(referenceStep(2));
        KafkaOffsetRollbackStatus verify = harness.awaitFinished("step3-verify").getStatus();

        assertThat(verify.getPhase()).as(ready(verify)).isEqualTo(Phase.Completed);
        assertThat(reason(verify)).isEqualTo("VerificationPassed");
        assertThat(verify.getVerificationResult().getMatched()).isTrue();
        assertThat(verify.getVerificationResult().getTotalDifferences()).isZero();
        // The mock API server's JSON patch drops an empty list; a real API server keeps differences: [].
        assertThat(verify.getVerificationResult().getDifferences()).isNullOrEmpty();
        assertThat(harness.events("step1-snapshot"))
                .extracting(Event::getReason)
                .contains("SnapshotCreated");
        assertThat(harness.events("step2-rollback"))
                .extracting(Event::getReason)
                .contains("RollbackCompleted");
        assertThat(harness.events("step3-verify")).extracting(Event::getReason).contains("VerificationPassed");
    }

    @Test
    void eachResourceGetsOneOwnedAndLabelledPipelineRunOfTheProjectsTask() {
        harness.apply(referenceStep(0));
        KafkaOffsetRollback done = harness.awaitFinished("step1-snapshot");

        List<PipelineRun> runs = harness.pipelineRuns("step1-snapshot");
        assertThat(runs).hasSize(1);
        PipelineRun run = runs.get(0);
        assertThat(run.getMetadata().getName())
                .isEqualTo(done.getStatus().getPipelineRun())
                .isEqualTo("step1-snapshot-g1");
        assertThat(run.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner ->
                        assertThat(owner.getUid()).isEqualTo(done.getMetadata().getUid()));
        assertThat(run.getMetadata().getLabels()).containsEntry("kafka.oso.sh/operation", "snapshot");
        assertThat(run.getSpec().getPipelineSpec().getTasks())
                .singleElement()
                .satisfies(task -> assertThat(task.getTaskRef().getName()).isEqualTo("kafka-offset-snapshot"));
        assertThat(run.getSpec().getTaskRunTemplate().getServiceAccountName()).isEqualTo("korb-executor");
        assertThat(run.getStatus().getResults()).isNotEmpty();
    }

    @Test
    void aStrictVerifyWithDifferencesFailsWithThemInTheStatus() throws Exception {
        harness.apply(referenceStep(0));
        harness.awaitFinished("step1-snapshot");
        kafka.commit(group, afterChange);
        KafkaOffsetRollback strict = harness.fromReference(
                ReferenceExamples.workflow().get(2),
                kafka.bootstrapServers(),
                List.of(group),
                resource -> resource.with("spec").with("verify").put("strict", true));

        harness.apply(strict);
        KafkaOffsetRollbackStatus status = harness.awaitFinished("step3-verify").getStatus();

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(reason(status)).isEqualTo("DifferencesFound");
        assertThat(status.getVerificationResult().getMatched()).isFalse();
        assertThat(status.getVerificationResult().getTotalDifferences()).isEqualTo(3);
        assertThat(status.getVerificationResult().getDifferences())
                .hasSize(3)
                .allSatisfy(difference -> assertThat(difference.getGroup()).isEqualTo(group));
        assertThat(kafka.committed(group)).as("verify changes nothing").isEqualTo(afterChange);
    }

    @Test
    void theFinishedPipelineRunIsDeletedAfterItsTtlAndTheStatusStays() {
        harness.apply(harness.fromReference(
                ReferenceExamples.workflow().get(0),
                kafka.bootstrapServers(),
                List.of(group),
                resource -> resource.with("spec").with("job").put("ttlSecondsAfterFinished", 1)));
        harness.awaitFinished("step1-snapshot");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> harness.pipelineRuns("step1-snapshot").isEmpty());
        KafkaOffsetRollback after = harness.get("step1-snapshot");
        assertThat(after.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(after.getStatus().getSnapshotData().getTotalPartitions()).isEqualTo(3);
    }

    private static String reason(KafkaOffsetRollbackStatus status) {
        return Conditions.readyReason(status.getConditions()).orElse(null);
    }

    private static String ready(KafkaOffsetRollbackStatus status) {
        return String.valueOf(
                Conditions.find(status.getConditions(), Conditions.READY).orElse(null));
    }
}
