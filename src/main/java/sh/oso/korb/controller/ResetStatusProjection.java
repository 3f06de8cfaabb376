package sh.oso.korb.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import sh.oso.korb.api.GroupResetStatus;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.Phase;
import sh.oso.korb.engine.ResetRunParams;
import sh.oso.korb.engine.RunNames;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.error.Reason;

/**
 * Writes a reset run's outcome into a KafkaOffsetReset's status, as {@link StatusProjection} does a rollback's: the
 * phase and times, groupsReset (the executor's groups-reset), snapshotId (its undo-snapshot-id), results (its
 * group-results) and Ready with the executor's reason, for {@link KafkaOffsetResetReconciler}.
 */
final class ResetStatusProjection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResetStatusProjection() {}

    /** A reset korb has no run for (headerBased): Failed at once, saying what to use instead. */
    static boolean refuseUnsupported(KafkaOffsetReset resource, Instant now) {
        return ResetRunParams.notSupported(resource)
                .map(message -> {
                    status(resource).setPhase(Phase.Failed);
                    status(resource).setCompletionTime(now.toString());
                    ready(resource, false, ControllerReason.STRATEGY_NOT_SUPPORTED.reasonName(), message, now);
                    return true;
                })
                .orElse(false);
    }

    static void apply(KafkaOffsetReset resource, RunOutcome outcome, Instant now) {
        KafkaOffsetResetStatus status = status(resource);
        if (!RunProgress.inProgress(
                RunOnceResource.of(resource),
                outcome,
                status.getRun() == null ? "the run" : status.getRun().toString(),
                "is resetting " + resource.getSpec().getConsumerGroups().size() + " group(s) to "
                        + resource.getSpec().getStrategy().value(),
                now)) {
            finished(resource, outcome, now);
        }
    }

    private static void finished(KafkaOffsetReset resource, RunOutcome outcome, Instant now) {
        KafkaOffsetResetStatus status = status(resource);
        String groupsReset = outcome.result("groups-reset");
        status.setGroupsReset(
                groupsReset == null || !groupsReset.matches("\\d{1,9}") ? null : Integer.valueOf(groupsReset));
        status.setSnapshotId(outcome.result("undo-snapshot-id"));
        results(status, outcome.result("group-results"));
        boolean succeeded = RunProgress.finished(RunOnceResource.of(resource), outcome, now);
        boolean dryRun = Boolean.TRUE.equals(resource.getSpec().getDryRun());
        String message =
                RunProgress.message(outcome, "reset " + (succeeded ? (dryRun ? "planned" : "completed") : "failed"));
        String reason = RunReasons.reported(outcome)
                .orElse(
                        succeeded
                                ? (dryRun ? Reason.RESET_PLANNED : Reason.RESET_COMPLETED).reasonName()
                                : ControllerReason.PIPELINE_RUN_FAILED.reasonName());
        ready(resource, succeeded, reason, message, now);
    }

    /**
     * The group-results result, {@code {total, truncated, items}}: its items, and whether the list was cut short. A
     * result korb did not write (not that JSON) leaves the list out rather than guessed.
     */
    private static void results(KafkaOffsetResetStatus status, String json) {
        status.setResults(null);
        status.setResultsTruncated(null);
        if (json == null) {
            return;
        }
        try {
            JsonNode compact = JSON.readTree(json);
            if (!compact.path("items").isArray()) {
                return;
            }
            List<GroupResetStatus> results = new ArrayList<>();
            for (JsonNode item : compact.path("items")) {
                results.add(new GroupResetStatus(
                        item.path("group").asText(null),
                        item.path("status").asText(null),
                        item.hasNonNull("partitionsReset")
                                ? item.path("partitionsReset").asInt()
                                : null));
            }
            status.setResults(results);
            status.setResultsTruncated(compact.path("truncated").asBoolean(false) ? Boolean.TRUE : null);
        } catch (IOException | RuntimeException e) {
            status.setResults(null);
        }
    }

    private static KafkaOffsetResetStatus status(KafkaOffsetReset resource) {
        if (resource.getStatus() == null) {
            resource.setStatus(new KafkaOffsetResetStatus());
        }
        return resource.getStatus();
    }

    static void ready(KafkaOffsetReset resource, boolean ready, String reason, String message, Instant now) {
        long generation = RunNames.generation(resource);
        Conditions.set(status(resource).getConditions(), Conditions.READY, ready, reason, message, generation, now);
        status(resource).setObservedGeneration(generation);
    }
}
