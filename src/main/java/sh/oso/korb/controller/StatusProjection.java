package sh.oso.korb.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.ReportedDifference;
import sh.oso.korb.api.SnapshotData;
import sh.oso.korb.api.VerificationResult;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.error.Reason;

/** Writes a run's outcome into the resource's status. */
final class StatusProjection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusProjection() {}

    static void apply(KafkaOffsetRollback resource, RunOutcome outcome, Instant now) {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        Operation operation = resource.getSpec().getOperation();
        if (!RunProgress.inProgress(
                RunOnceResource.of(resource),
                outcome,
                Engines.describeRun(status),
                "is running " + operation.value() + " of snapshot "
                        + resource.getSpec().getSnapshotId(),
                now)) {
            finished(resource, outcome, RunNames.generation(resource), now);
        }
    }

    private static void finished(KafkaOffsetRollback resource, RunOutcome outcome, long generation, Instant now) {
        KafkaOffsetRollbackStatus status = resource.getStatus();
        Operation operation = resource.getSpec().getOperation();
        if (outcome.result("groups") != null && operation != Operation.DELETE) {
            SnapshotData data = new SnapshotData();
            data.setGroups(Integer.valueOf(outcome.result("groups")));
            data.setTotalPartitions(
                    outcome.result("total-partitions") == null
                            ? null
                            : Integer.valueOf(outcome.result("total-partitions")));
            data.setTimestamp(outcome.result("timestamp"));
            status.setSnapshotData(data);
        }
        status.setUndoSnapshotId(outcome.result("undo-snapshot-id"));
        if (operation == Operation.VERIFY && outcome.result("matched") != null) {
            status.setVerificationResult(verification(outcome));
        }
        boolean succeeded = RunProgress.finished(RunOnceResource.of(resource), outcome, now);
        String message = RunProgress.message(outcome, operation.value() + (succeeded ? " completed" : " failed"));
        ready(
                resource,
                succeeded,
                reason(operation, outcome, status.getVerificationResult()),
                message,
                generation,
                now);
    }

    /**
     * The executor's reason when the run wrote one; else derived from the operation and its results, and
     * {@code PipelineRunFailed} for a run that failed without saying why (image pull, OOM kill, timeout).
     */
    private static String reason(Operation operation, RunOutcome outcome, VerificationResult verification) {
        return RunReasons.reported(outcome).orElseGet(() -> derivedReason(operation, outcome, verification));
    }

    private static String derivedReason(Operation operation, RunOutcome outcome, VerificationResult verification) {
        boolean differences = verification != null && Boolean.FALSE.equals(verification.getMatched());
        if (outcome.state() == RunOutcome.State.FAILED) {
            return operation == Operation.VERIFY && differences
                    ? Reason.DIFFERENCES_FOUND.reasonName()
                    : ControllerReason.PIPELINE_RUN_FAILED.reasonName();
        }
        return (switch (operation) {
                    case SNAPSHOT -> Reason.SNAPSHOT_CREATED;
                    case ROLLBACK -> Reason.ROLLBACK_COMPLETED;
                    case VERIFY -> differences ? Reason.DIFFERENCES_FOUND : Reason.VERIFICATION_PASSED;
                    case DELETE -> Reason.SNAPSHOT_DELETED;
                })
                .reasonName();
    }

    private static VerificationResult verification(RunOutcome outcome) {
        VerificationResult result = new VerificationResult();
        result.setMatched(Boolean.valueOf(outcome.result("matched")));
        List<ReportedDifference> differences = new ArrayList<>();
        result.setDifferences(differences);
        result.setTotalDifferences(0);
        result.setTruncated(false);
        String json = outcome.result("differences");
        if (json == null) {
            return result;
        }
        try {
            JsonNode compact = JSON.readTree(json);
            for (JsonNode item : compact.path("items")) {
                differences.add(JSON.treeToValue(item, ReportedDifference.class));
            }
            result.setTotalDifferences(compact.path("total").asInt(differences.size()));
            result.setTruncated(compact.path("truncated").asBoolean(false));
        } catch (IOException e) {
            // A result korb did not write: keep the verdict, say the list is incomplete.
            result.setTotalDifferences(differences.size());
            result.setTruncated(true);
        }
        return result;
    }

    static void ready(
            KafkaOffsetRollback resource, boolean ready, String reason, String message, long generation, Instant now) {
        Conditions.set(resource.getStatus().getConditions(), Conditions.READY, ready, reason, message, generation, now);
        resource.getStatus().setObservedGeneration(generation);
    }
}
