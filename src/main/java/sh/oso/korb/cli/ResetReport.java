package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.ResetStrategy;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackSurvey;
import sh.oso.korb.snapshot.SnapshotId;

/** How {@code korb reset} reports its plan and outcome: the text table, the JSON, and the per-group results. */
record ResetReport(ResetStrategy strategy, RollbackSurvey plan, List<String> groups) {

    /** Bytes of the group-results result: with the others at their longest, the termination message still fits. */
    static final int GROUP_RESULTS_BUDGET = 600;

    /** One group's result, as the KafkaOffsetReset status lists it. */
    record GroupResult(String group, String status, int partitionsReset) {}

    String decisionsResult() {
        return JsonOutput.compact(json -> {
            json.writeStartObject();
            for (Map.Entry<String, Integer> count : plan.decisionCounts().entrySet()) {
                json.writeNumberField(count.getKey(), count.getValue());
            }
            json.writeEndObject();
        });
    }

    /**
     * Each listed group: {@code success} (its offsets were reset), {@code unchanged} (already at the targets),
     * {@code failed}, {@code uncertain} (no answer), {@code not-attempted}; in a dry run, {@code planned} or {@code
     * unchanged}, with the partitions that would change.
     */
    List<GroupResult> groupResults(Optional<RollbackOutcome> outcome) {
        Map<String, Integer> changing = plan.changesByGroup();
        List<GroupResult> results = new ArrayList<>();
        for (String group : groups) {
            int partitions = changing.getOrDefault(group, 0);
            if (partitions == 0) {
                results.add(new GroupResult(group, "unchanged", 0));
            } else if (outcome.isEmpty()) {
                results.add(new GroupResult(group, "planned", partitions));
            } else {
                GroupCommit end = outcome.get().commits().groups().get(group);
                results.add(
                        end == null
                                ? new GroupResult(group, "not-attempted", 0)
                                : new GroupResult(group, status(end), end.isCommitted() ? partitions : 0));
            }
        }
        return results;
    }

    String groupResults(Optional<RollbackOutcome> outcome, boolean dryRun) {
        return JsonOutput.boundedList(
                groupResults(dryRun ? Optional.empty() : outcome),
                result -> JsonOutput.compact(json -> writeGroup(json, result)),
                GROUP_RESULTS_BUDGET);
    }

    static String status(GroupCommit end) {
        return switch (end.status()) {
            case COMMITTED -> "success";
            case ACTIVE_NOW, FAILED -> "failed";
            case UNKNOWN -> "uncertain";
            case NOT_ATTEMPTED -> "not-attempted";
        };
    }

    private static void writeGroup(JsonGenerator json, GroupResult result) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", result.group());
        json.writeStringField("status", result.status());
        json.writeNumberField("partitionsReset", result.partitionsReset());
        json.writeEndObject();
    }

    /** What the plan document starts with. */
    PlanDocument.Fields header(boolean dryRun) {
        return json -> {
            json.writeStringField("strategy", strategy.describe());
            json.writeBooleanField("dryRun", dryRun);
        };
    }

    /** What the plan document ends with: the totals, the undo snapshot, and each group's result. */
    PlanDocument.Fields totals(boolean dryRun, Optional<RollbackOutcome> outcome) {
        return json -> {
            json.writeStringField("clusterId", plan.clusterId());
            json.writeNumberField("changedPartitions", plan.changes());
            Optional<SnapshotId> undo = outcome.flatMap(RollbackOutcome::undoSnapshot);
            if (undo.isPresent()) {
                json.writeStringField("undoSnapshotId", undo.get().value());
                json.writeBooleanField(
                        "undoSavedByEarlierAttempt", outcome.get().undoByEarlierAttempt());
            }
            PlanJson.writeSurvey(json, plan);
            json.writeArrayFieldStart("groups");
            for (GroupResult result : groupResults(dryRun ? Optional.empty() : outcome)) {
                writeGroup(json, result);
            }
            json.writeEndArray();
        };
    }

    /** One partition of the plan document: no snapshot offset or drift, which a reset has not. */
    static void writeRow(JsonGenerator json, PartitionDecision row) throws IOException {
        PlanJson.writeRow(json, row, false);
    }

    /** Clamped, skipped, refused or past the last record: what a user should look at before anything else. */
    static boolean needsAttention(PartitionDecision row) {
        return switch (row.decision()) {
            case CLAMP_TO_LOG_START,
                    CLAMP_TO_LOG_END,
                    LOG_END_NO_RECORD_AFTER,
                    SKIP_NO_OFFSET,
                    SKIP_TOPIC_DELETED,
                    SKIP_PARTITION_GONE,
                    REFUSE -> true;
            default -> false;
        };
    }

    /** After a real run, what became of a changed partition: its group's commit may have failed. */
    static String action(PartitionDecision row, Optional<CommitOutcome> outcome) {
        if (outcome.isEmpty() || !row.changes()) {
            return row.action();
        }
        GroupCommit end = outcome.get().groups().get(row.group());
        if (end == null) {
            return row.action();
        }
        return switch (end.status()) {
            case COMMITTED -> row.action();
            case ACTIVE_NOW, FAILED -> "not committed";
            case UNKNOWN -> "uncertain";
            case NOT_ATTEMPTED -> "not sent";
        };
    }
}
