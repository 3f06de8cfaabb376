package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.GroupCommit.Status;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackPlan;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotJson;

/** A rollback plan as JSON: for --plan-out files and for --output json. */
final class PlanJson {

    private PlanJson() {}

    static void write(
            JsonGenerator json,
            RollbackPlan plan,
            boolean dryRun,
            List<PartitionDecision> rows,
            Optional<RollbackOutcome> outcome)
            throws IOException {
        json.writeStartObject();
        JsonOutput.summaryFields(json, plan.snapshot().summary());
        json.writeBooleanField("dryRun", dryRun);
        json.writeBooleanField("exact", plan.exact());
        json.writeStringField("clusterId", plan.clusterId());
        if (plan.snapshot().clusterId().isPresent()) {
            json.writeStringField(
                    "snapshotClusterId", plan.snapshot().clusterId().get());
        }
        json.writeNumberField("changedPartitions", plan.changes().size());
        Optional<SnapshotId> undo = outcome.flatMap(RollbackOutcome::undoSnapshot);
        if (undo.isPresent()) {
            json.writeStringField("undoSnapshotId", undo.get().value());
            json.writeBooleanField("undoSavedByEarlierAttempt", outcome.get().undoByEarlierAttempt());
        }
        Optional<SnapshotId> preRollback = outcome.flatMap(RollbackOutcome::preRollbackSnapshot);
        if (preRollback.isPresent()) {
            json.writeStringField("preRollbackSnapshotId", preRollback.get().value());
        }
        json.writeObjectFieldStart("decisions");
        for (Map.Entry<String, Integer> count : plan.decisionCounts().entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        writeStrings(json, "refusals", plan.refusals());
        writeStrings(
                json,
                "activeGroups",
                plan.activeGroups().stream().map(GroupActivity::describe).toList());
        if (outcome.isPresent()) {
            writeOutcome(json, outcome.get());
        }
        json.writeArrayFieldStart("partitions");
        for (PartitionDecision row : rows) {
            writeRow(json, row);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * How each group's commit ended: {@code rolledBack} and {@code notAttempted} list group ids, {@code
     * notRolledBack} and {@code uncertain} objects with the group, the cause and whether a rerun may succeed as is.
     */
    private static void writeOutcome(JsonGenerator json, RollbackOutcome outcome) throws IOException {
        json.writeObjectFieldStart("outcome");
        json.writeBooleanField("complete", outcome.complete());
        json.writeNumberField("changedPartitions", outcome.changedPartitions());
        json.writeNumberField("deletedPartitions", outcome.deletedPartitions());
        writeStrings(json, "rolledBack", outcome.commits().with(GroupCommit.Status.COMMITTED));
        json.writeArrayFieldStart("notRolledBack");
        for (Map.Entry<String, GroupCommit> group : outcome.commits().groups().entrySet()) {
            Status status = group.getValue().status();
            if (status == Status.FAILED || status == Status.ACTIVE_NOW) {
                writeEnd(json, group.getKey(), group.getValue());
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("uncertain");
        for (String group : outcome.commits().with(Status.UNKNOWN)) {
            writeEnd(json, group, outcome.commits().groups().get(group));
        }
        json.writeEndArray();
        writeStrings(json, "notAttempted", outcome.commits().with(Status.NOT_ATTEMPTED));
        writeStrings(json, "warnings", outcome.warnings());
        json.writeEndObject();
    }

    private static void writeEnd(JsonGenerator json, String group, GroupCommit end) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", group);
        json.writeStringField("cause", end.cause());
        json.writeBooleanField("retriable", end.retriable());
        json.writeEndObject();
    }

    /**
     * Writes the whole plan to a file: before anything is changed, so a refused plan can be inspected too, and again
     * with the outcome once the commits ended.
     */
    static void writeFile(Path file, RollbackPlan plan, boolean dryRun, Optional<RollbackOutcome> outcome) {
        writeFile(file, json -> write(json, plan, dryRun, plan.partitions(), outcome));
    }

    /** What writes a plan's JSON document. */
    @FunctionalInterface
    interface PlanWriter {
        void write(JsonGenerator json) throws IOException;
    }

    /** Writes a plan (of any command that plans) to {@code file}, pretty-printed, creating its directory. */
    static void writeFile(Path file, PlanWriter plan) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file);
                    JsonGenerator json =
                            SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
                plan.write(json);
            }
        } catch (IOException e) {
            throw new StorageException("could not write the plan to " + file + ": " + e, e);
        }
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    static void writeRow(JsonGenerator json, PartitionDecision row) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", row.group());
        json.writeStringField("topic", row.partition().topic());
        json.writeNumberField("partition", row.partition().partition());
        writeOptional(json, "snapshot", row.snapshotOffset());
        writeOptional(json, "current", row.currentOffset());
        writeOptional(json, "target", row.target());
        json.writeStringField("decision", row.decision().label());
        json.writeStringField("action", row.action());
        json.writeStringField("drift", row.drift().label());
        if (!row.reason().isEmpty()) {
            json.writeStringField("reason", row.reason());
        }
        json.writeEndObject();
    }

    private static void writeOptional(JsonGenerator json, String field, Optional<Long> value) throws IOException {
        if (value.isPresent()) {
            json.writeNumberField(field, value.get());
        } else {
            json.writeNullField(field);
        }
    }
}
