package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.oso.korb.controller.Rollbacks.message;
import static sh.oso.korb.controller.Rollbacks.ready;
import static sh.oso.korb.controller.Rollbacks.reason;
import static sh.oso.korb.controller.Rollbacks.rollback;
import static sh.oso.korb.controller.Rollbacks.running;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.VerificationResult;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.engine.RunOutcome.State;

/** What a user reads in the status for each state a run can be in, and each result it can have written. */
class StatusProjectionTest {

    private static final Instant NOW = Instant.parse("2026-11-24T06:05:00Z");
    private static final String STARTED = "2026-11-24T06:00:01Z";
    private static final String COMPLETED = "2026-11-24T06:00:04Z";
    private static final String DIFFERENCES = "{\"items\":[{\"group\":\"g1\",\"topic\":\"orders\",\"partition\":0,"
            + "\"expected\":300,\"actual\":1000,\"kind\":\"offset-differs\"}],\"total\":1,\"truncated\":false}";

    private static KafkaOffsetRollback project(Operation operation, RunOutcome outcome) {
        KafkaOffsetRollback resource = running(rollback("step", operation, "g1"), Phase.Running);
        StatusProjection.apply(resource, outcome, NOW);
        return resource;
    }

    private static RunOutcome finished(State state, Map<String, String> results, String message) {
        return new RunOutcome(state, STARTED, COMPLETED, results, message);
    }

    private static Map<String, String> results(String... pairs) {
        Map<String, String> results = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            results.put(pairs[i], pairs[i + 1]);
        }
        return results;
    }

    @Test
    void aRunWaitingToStartIsPending() {
        KafkaOffsetRollback resource =
                project(Operation.SNAPSHOT, new RunOutcome(State.PENDING, null, null, Map.of(), null));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(ready(resource)).isEqualTo("False");
        assertThat(reason(resource)).isEqualTo("PipelineRunPending");
        assertThat(message(resource)).isEqualTo("PipelineRun step-g1 is waiting to start");
        assertThat(resource.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(resource.getStatus().getCompletionTime()).isNull();
    }

    @Test
    void aRunningRunSaysWhatItRuns() {
        KafkaOffsetRollback resource =
                project(Operation.ROLLBACK, new RunOutcome(State.RUNNING, STARTED, null, Map.of(), null));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Running);
        assertThat(reason(resource)).isEqualTo("PipelineRunRunning");
        assertThat(message(resource)).isEqualTo("PipelineRun step-g1 is running rollback of snapshot before-change");
        assertThat(resource.getStatus().getStartTime()).isEqualTo(STARTED);
    }

    @Test
    void theReadyConditionKeepsItsTransitionTimeWhileItStaysFalse() {
        KafkaOffsetRollback resource =
                project(Operation.SNAPSHOT, new RunOutcome(State.PENDING, null, null, Map.of(), null));
        String since = resource.getStatus().getConditions().get(0).getLastTransitionTime();

        StatusProjection.apply(
                resource, new RunOutcome(State.RUNNING, STARTED, null, Map.of(), null), NOW.plusSeconds(30));

        assertThat(resource.getStatus().getConditions())
                .singleElement()
                .satisfies(condition ->
                        assertThat(condition.getLastTransitionTime()).isEqualTo(since));
    }

    @Test
    void aSnapshotThatSucceededIsCompletedWithItsDataAndTheExecutorsReasonAndMessage() {
        KafkaOffsetRollback resource = project(
                Operation.SNAPSHOT,
                finished(
                        State.SUCCEEDED,
                        results(
                                "groups",
                                "1",
                                "total-partitions",
                                "3",
                                "timestamp",
                                "2026-11-24T06:00:03Z",
                                "reason",
                                "SnapshotCreated"),
                        "Snapshot before-change created: 1 group, 3 partitions"));

        KafkaOffsetRollbackStatus status = resource.getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Completed);
        assertThat(ready(resource)).isEqualTo("True");
        assertThat(reason(resource)).isEqualTo("SnapshotCreated");
        assertThat(message(resource)).isEqualTo("Snapshot before-change created: 1 group, 3 partitions");
        assertThat(status.getSnapshotData().getGroups()).isEqualTo(1);
        assertThat(status.getSnapshotData().getTotalPartitions()).isEqualTo(3);
        assertThat(status.getSnapshotData().getTimestamp()).isEqualTo("2026-11-24T06:00:03Z");
        assertThat(status.getStartTime()).isEqualTo(STARTED);
        assertThat(status.getCompletionTime()).isEqualTo(COMPLETED);
    }

    @Test
    void aRollbackThatSucceededNamesItsUndoSnapshot() {
        KafkaOffsetRollback resource = project(
                Operation.ROLLBACK,
                finished(
                        State.SUCCEEDED,
                        results("reason", "RollbackCompleted", "undo-snapshot-id", "before-change-undo-1"),
                        "rolled back"));

        assertThat(reason(resource)).isEqualTo("RollbackCompleted");
        assertThat(resource.getStatus().getUndoSnapshotId()).isEqualTo("before-change-undo-1");
    }

    @Test
    void aDeleteKeepsNoSnapshotData() {
        KafkaOffsetRollback resource = project(
                Operation.DELETE,
                finished(State.SUCCEEDED, results("groups", "1", "reason", "SnapshotDeleted"), "deleted"));

        assertThat(reason(resource)).isEqualTo("SnapshotDeleted");
        assertThat(resource.getStatus().getSnapshotData()).isNull();
    }

    @Test
    void aRunWithoutACompletionTimeIsCompletedNow() {
        KafkaOffsetRollback resource =
                project(Operation.SNAPSHOT, new RunOutcome(State.SUCCEEDED, STARTED, null, Map.of(), ""));

        assertThat(resource.getStatus().getCompletionTime()).isEqualTo(NOW.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "SNAPSHOT, true, SnapshotCreated",
        "ROLLBACK, true, RollbackCompleted",
        "VERIFY, true, VerificationPassed",
        "VERIFY, false, DifferencesFound",
        "DELETE, true, SnapshotDeleted"
    })
    void aSucceededRunWithoutAReasonGetsTheOperationsOwn(Operation operation, boolean matched, String expected) {
        KafkaOffsetRollback resource =
                project(operation, finished(State.SUCCEEDED, results("matched", String.valueOf(matched)), ""));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(reason(resource)).isEqualTo(expected);
        assertThat(message(resource)).isEqualTo(operation.value() + " completed");
    }

    @Test
    void aRefusedRollbackFailsWithTheExecutorsReasonAndMessage() {
        KafkaOffsetRollback resource = project(
                Operation.ROLLBACK,
                finished(
                        State.FAILED,
                        results("phase", "Failed", "reason", "GroupsActive", "exit-code", "4"),
                        "consumer group g1 is active (2 members); stop its consumers first"));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(resource)).isEqualTo("False");
        assertThat(reason(resource)).isEqualTo("GroupsActive");
        assertThat(message(resource)).isEqualTo("consumer group g1 is active (2 members); stop its consumers first");
        assertThat(resource.getStatus().getCompletionTime()).isEqualTo(COMPLETED);
    }

    @Test
    void aRunThatDiedWithoutResultsIsPipelineRunFailedWithTektonsMessage() {
        KafkaOffsetRollback resource = project(
                Operation.SNAPSHOT,
                finished(State.FAILED, Map.of(), "\"step-snapshot\" exited with code 137 (OOMKilled)"));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(reason(resource)).isEqualTo("PipelineRunFailed");
        assertThat(message(resource)).isEqualTo("\"step-snapshot\" exited with code 137 (OOMKilled)");
    }

    @Test
    void aFailedRunWithoutAnyMessageSaysTheOperationFailed() {
        KafkaOffsetRollback resource = project(Operation.SNAPSHOT, finished(State.FAILED, Map.of(), null));

        assertThat(message(resource)).isEqualTo("snapshot failed");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"NotAReason", "groupsactive", "GroupsActive; token=s3cr3t", "SnapshotCreated", "PipelineRunDeleted"
            })
    void aFailedRunsReasonThatIsNotAKnownFailureIsIgnored(String written) {
        KafkaOffsetRollback resource =
                project(Operation.SNAPSHOT, finished(State.FAILED, results("reason", written), "failed"));

        assertThat(reason(resource)).isEqualTo("PipelineRunFailed");
    }

    @Test
    void aSucceededRunsFailureReasonIsIgnored() {
        KafkaOffsetRollback resource =
                project(Operation.SNAPSHOT, finished(State.SUCCEEDED, results("reason", "GroupsActive"), "done"));

        assertThat(ready(resource)).isEqualTo("True");
        assertThat(reason(resource)).isEqualTo("SnapshotCreated");
    }

    @Test
    void aStrictVerifyWithDifferencesFailsWithDifferencesFoundAndThem() {
        KafkaOffsetRollback resource = project(
                Operation.VERIFY,
                finished(
                        State.FAILED,
                        results(
                                "matched",
                                "false",
                                "differences",
                                DIFFERENCES,
                                "reason",
                                "DifferencesFound",
                                "exit-code",
                                "3"),
                        "1 difference"));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(ready(resource)).isEqualTo("False");
        assertThat(reason(resource)).isEqualTo("DifferencesFound");
        VerificationResult verification = resource.getStatus().getVerificationResult();
        assertThat(verification.getMatched()).isFalse();
        assertThat(verification.getTotalDifferences()).isEqualTo(1);
        assertThat(verification.getTruncated()).isFalse();
        assertThat(verification.getDifferences()).singleElement().satisfies(difference -> {
            assertThat(difference.getGroup()).isEqualTo("g1");
            assertThat(difference.getTopic()).isEqualTo("orders");
            assertThat(difference.getPartition()).isZero();
            assertThat(difference.getExpected()).isEqualTo(300L);
            assertThat(difference.getActual()).isEqualTo(1000L);
            assertThat(difference.getKind()).isEqualTo("offset-differs");
        });
    }

    @Test
    void aStrictVerifyWithDifferencesFromAnExecutorWithoutReasonsIsDifferencesFoundToo() {
        KafkaOffsetRollback resource = project(
                Operation.VERIFY,
                finished(State.FAILED, results("matched", "false", "differences", DIFFERENCES), "1 difference"));

        assertThat(reason(resource)).isEqualTo("DifferencesFound");
    }

    @Test
    void aVerifyWithDifferencesNotStrictIsCompletedWithDifferencesFound() {
        KafkaOffsetRollback resource = project(
                Operation.VERIFY,
                finished(
                        State.SUCCEEDED,
                        results("matched", "false", "differences", DIFFERENCES, "reason", "DifferencesFound"),
                        "1 difference"));

        assertThat(resource.getStatus().getPhase()).isEqualTo(Phase.Completed);
        assertThat(ready(resource)).isEqualTo("True");
        assertThat(reason(resource)).isEqualTo("DifferencesFound");
    }

    @Test
    void aTruncatedListOfDifferencesKeepsTheirTotal() {
        String truncated = "{\"items\":[{\"group\":\"g1\",\"topic\":\"orders\",\"partition\":0,\"expected\":1,"
                + "\"actual\":2,\"kind\":\"offset-differs\"}],\"total\":10000,\"truncated\":true}";

        VerificationResult verification = project(
                        Operation.VERIFY,
                        finished(State.SUCCEEDED, results("matched", "false", "differences", truncated), ""))
                .getStatus()
                .getVerificationResult();

        assertThat(verification.getDifferences()).hasSize(1);
        assertThat(verification.getTotalDifferences()).isEqualTo(10000);
        assertThat(verification.getTruncated()).isTrue();
    }

    /** A verify that matched writes no differences; malformed ones keep the verdict and mark the list incomplete. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"true | | false", "false | {\"items\":[{\"group\": | true"})
    void aVerdictWithoutAReadableListHasNoDifferences(boolean matched, String differences, boolean truncated) {
        Map<String, String> results = results("matched", String.valueOf(matched));
        if (differences != null) {
            results.put("differences", differences);
        }

        VerificationResult verification = project(Operation.VERIFY, finished(State.SUCCEEDED, results, ""))
                .getStatus()
                .getVerificationResult();

        assertThat(verification.getMatched()).isEqualTo(matched);
        assertThat(verification.getDifferences()).isEmpty();
        assertThat(verification.getTotalDifferences()).isZero();
        assertThat(verification.getTruncated()).isEqualTo(truncated);
    }

    @Test
    void aVerifyThatDiedBeforeItsVerdictHasNoVerificationResult() {
        KafkaOffsetRollback resource = project(
                Operation.VERIFY,
                finished(
                        State.FAILED,
                        results("reason", "KafkaError"),
                        "the brokers at kafka:9092 did not answer within 30s"));

        assertThat(resource.getStatus().getVerificationResult()).isNull();
        assertThat(reason(resource)).isEqualTo("KafkaError");
    }
}
