package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.GroupResetStatus;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.ResetReferenceExamples;
import sh.oso.korb.api.RunReference;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.workflow.Yaml;

/** A reset run's outcome as the KafkaOffsetReset's status the reference shows, and headerBased refused at once. */
class ResetStatusProjectionTest {

    private static final Instant NOW = Instant.parse("2024-12-01T12:01:00Z");

    @Test
    void aCompletedResetHasTheReferencesStatus() {
        KafkaOffsetReset reset = reset("offset-reset", spec -> {});
        reset.getStatus().setRun(new RunReference("tekton.dev/v1", "PipelineRun", "offset-reset-g1"));

        ResetStatusProjection.apply(
                reset,
                new RunOutcome(
                        RunOutcome.State.SUCCEEDED,
                        "2024-12-01T12:00:00Z",
                        "2024-12-01T12:01:00Z",
                        Map.of(
                                "groups-reset", "3",
                                "undo-snapshot-id", "pre-reset-snapshot",
                                "group-results",
                                        "{\"total\":3,\"truncated\":true,\"items\":["
                                                + "{\"group\":\"order-processor\",\"status\":\"success\","
                                                + "\"partitionsReset\":6},{\"group\":\"payment-handler\","
                                                + "\"status\":\"unchanged\",\"partitionsReset\":0}]}",
                                "reason", "ResetCompleted"),
                        "All consumer groups reset successfully"),
                NOW);

        assertThat(reset.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(reset.getStatus().getStartTime()).isEqualTo("2024-12-01T12:00:00Z");
        assertThat(reset.getStatus().getCompletionTime()).isEqualTo("2024-12-01T12:01:00Z");
        assertThat(reset.getStatus().getGroupsReset()).isEqualTo(3);
        assertThat(reset.getStatus().getSnapshotId()).isEqualTo("pre-reset-snapshot");
        assertThat(reset.getStatus().getResults())
                .extracting(
                        GroupResetStatus::getGroup, GroupResetStatus::getStatus, GroupResetStatus::getPartitionsReset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("order-processor", "success", 6),
                        org.assertj.core.groups.Tuple.tuple("payment-handler", "unchanged", 0));
        assertThat(reset.getStatus().getResultsTruncated()).isTrue();
        assertThat(ready(reset).getStatus()).isEqualTo("True");
        assertThat(ready(reset).getReason()).isEqualTo("ResetCompleted");
        assertThat(ready(reset).getMessage()).isEqualTo("All consumer groups reset successfully");
    }

    @Test
    void aDryRunWithoutAReasonIsPlannedAndAFailedRunWithoutOneIsPipelineRunFailed() {
        KafkaOffsetReset dryRun = reset("dry-run-reset", spec -> {});
        ResetStatusProjection.apply(
                dryRun, new RunOutcome(RunOutcome.State.SUCCEEDED, null, null, Map.of(), null), NOW);
        KafkaOffsetReset died = reset("reset-to-earliest", spec -> {});
        ResetStatusProjection.apply(
                died, new RunOutcome(RunOutcome.State.FAILED, null, null, Map.of(), "OOMKilled"), NOW);

        assertThat(ready(dryRun).getReason()).isEqualTo("ResetPlanned");
        assertThat(dryRun.getStatus().getCompletionTime()).isEqualTo(NOW.toString());
        assertThat(died.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(died).getReason()).isEqualTo("PipelineRunFailed");
        assertThat(ready(died).getMessage()).isEqualTo("OOMKilled");
    }

    @Test
    void groupResultsKorbDidNotWriteAreLeftOut() {
        KafkaOffsetReset reset = reset("reset-to-earliest", spec -> {});
        ResetStatusProjection.apply(
                reset,
                new RunOutcome(
                        RunOutcome.State.SUCCEEDED,
                        null,
                        null,
                        Map.of("group-results", "[{\"group\":\"g\",", "groups-reset", "many"),
                        null),
                NOW);

        assertThat(reset.getStatus().getResults()).isNull();
        assertThat(reset.getStatus().getGroupsReset()).isNull();
        assertThat(reset.getStatus().getPhase()).isEqualTo(Phase.Completed);
    }

    @Test
    void aRunningResetSaysWhatItDoes() {
        KafkaOffsetReset reset = reset("bulk-reset", spec -> {});
        reset.getStatus().setRun(new RunReference("batch/v1", "Job", "bulk-reset-g1"));

        ResetStatusProjection.apply(reset, new RunOutcome(RunOutcome.State.RUNNING, "t", null, Map.of(), null), NOW);

        assertThat(reset.getStatus().getPhase()).isEqualTo(Phase.Running);
        assertThat(ready(reset).getReason()).isEqualTo("PipelineRunRunning");
        assertThat(ready(reset).getMessage()).isEqualTo("Job bulk-reset-g1 is resetting 5 group(s) to earliest");
    }

    @Test
    void headerBasedFailsAtOnceWithStrategyNotSupportedAndWhatToUseInstead() {
        KafkaOffsetReset headerBased = reset("post-restore-reset", spec -> {});
        KafkaOffsetReset earliest = reset("reset-to-earliest", spec -> {});

        assertThat(ResetStatusProjection.refuseUnsupported(headerBased, NOW)).isTrue();
        assertThat(ResetStatusProjection.refuseUnsupported(earliest, NOW)).isFalse();

        assertThat(headerBased.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(headerBased.getStatus().getRun()).isNull();
        assertThat(ready(headerBased).getStatus()).isEqualTo("False");
        assertThat(ready(headerBased).getReason()).isEqualTo("StrategyNotSupported");
        assertThat(ready(headerBased).getMessage()).contains("timestamp").contains("fromMapping");
        assertThat(earliest.getStatus().getPhase()).isNull();
    }

    private static Condition ready(KafkaOffsetReset reset) {
        return Conditions.find(reset.getStatus().getConditions(), Conditions.READY)
                .orElseThrow();
    }

    private static KafkaOffsetReset reset(String example, Consumer<ObjectNode> change) {
        ObjectNode resource = Yaml.copy(ResetReferenceExamples.named(example));
        resource.with("metadata").put("namespace", "kafka-backup").put("generation", 1);
        change.accept(resource.with("spec"));
        KafkaOffsetReset reset = Serialization.unmarshal(resource.toString(), KafkaOffsetReset.class);
        reset.setStatus(new sh.oso.korb.api.KafkaOffsetResetStatus());
        return reset;
    }
}
