package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.ResetStrategy;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackPlan;
import sh.oso.korb.snapshot.SnapshotId;

/** How {@code korb reset} reports its plan and outcome: the text table, the JSON, and the per-group results. */
record ResetReport(ResetStrategy strategy, RollbackPlan plan, List<String> groups) {

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
        Map<String, Integer> changing = new HashMap<>();
        plan.changes().forEach(change -> changing.merge(change.group(), 1, Integer::sum));
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

    void writeJson(JsonGenerator json, boolean dryRun, List<PartitionDecision> rows, Optional<RollbackOutcome> outcome)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("strategy", strategy.describe());
        json.writeBooleanField("dryRun", dryRun);
        json.writeStringField("clusterId", plan.clusterId());
        json.writeNumberField("changedPartitions", plan.changes().size());
        Optional<SnapshotId> undo = outcome.flatMap(RollbackOutcome::undoSnapshot);
        if (undo.isPresent()) {
            json.writeStringField("undoSnapshotId", undo.get().value());
            json.writeBooleanField("undoSavedByEarlierAttempt", outcome.get().undoByEarlierAttempt());
        }
        json.writeObjectFieldStart("decisions");
        for (Map.Entry<String, Integer> count : plan.decisionCounts().entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("refusals");
        for (String refusal : plan.refusals()) {
            json.writeString(refusal);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("activeGroups");
        for (GroupActivity active : plan.activeGroups()) {
            json.writeString(active.describe());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("groups");
        for (GroupResult result : groupResults(dryRun ? Optional.empty() : outcome)) {
            writeGroup(json, result);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("partitions");
        for (PartitionDecision row : rows) {
            json.writeStartObject();
            json.writeStringField("group", row.group());
            json.writeStringField("topic", row.partition().topic());
            json.writeNumberField("partition", row.partition().partition());
            optional(json, "current", row.currentOffset());
            optional(json, "target", row.target());
            json.writeStringField("decision", row.decision().label());
            json.writeStringField("action", row.action());
            if (!row.reason().isEmpty()) {
                json.writeStringField("reason", row.reason());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void optional(JsonGenerator json, String field, Optional<Long> value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(field, value.get());
        } else {
            json.writeNullField(field);
        }
    }

    /** The rows that need attention first, then as many others as fit; JSON and --plan-out list them all. */
    void printTable(PrintWriter out, Optional<RollbackOutcome> outcome) {
        PlanTable.print(out, plan.partitions(), ResetReport::needsAttention, row -> action(row, outcome));
    }

    /** Clamped, skipped, refused or past the last record: what a user should look at before anything else. */
    private static boolean needsAttention(PartitionDecision row) {
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

    private static String action(PartitionDecision row, Optional<RollbackOutcome> outcome) {
        if (outcome.isEmpty() || !row.changes()) {
            return row.action();
        }
        GroupCommit end = outcome.get().commits().groups().get(row.group());
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
