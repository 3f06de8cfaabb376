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
import sh.oso.korb.operation.RollbackSurvey;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotJson;

/** The parts of plan documents (rollback, reset, delete-offsets) as JSON: for --plan-out files and --output json. */
final class PlanJson {

    private PlanJson() {}

    /** What a rollback's plan document starts with. */
    static PlanDocument.Fields rollbackHeader(SnapshotId id, boolean dryRun, boolean exact) {
        return json -> {
            json.writeStringField("snapshotId", id.value());
            json.writeBooleanField("dryRun", dryRun);
            json.writeBooleanField("exact", exact);
        };
    }

    /** What a rollback's plan document ends with: the totals and, after a real run, the outcome. */
    static PlanDocument.Fields rollbackTotals(RollbackSurvey survey, Optional<RollbackOutcome> outcome) {
        return json -> {
            json.writeStringField("timestamp", survey.header().timestamp().toString());
            json.writeNumberField("groups", survey.groups().size());
            json.writeNumberField("totalPartitions", survey.snapshotOffsets());
            json.writeStringField("clusterId", survey.clusterId());
            if (survey.header().clusterId().isPresent()) {
                json.writeStringField(
                        "snapshotClusterId", survey.header().clusterId().get());
            }
            json.writeNumberField("changedPartitions", survey.changes());
            writeUndo(json, outcome);
            writeSurvey(json, survey);
            if (outcome.isPresent()) {
                writeOutcome(json, outcome.get());
            }
        };
    }

    /** The decisions' counts, the refusals (the first, and how many) and the active groups of a survey. */
    static void writeSurvey(JsonGenerator json, RollbackSurvey survey) throws IOException {
        json.writeObjectFieldStart("decisions");
        for (Map.Entry<String, Integer> count : survey.decisionCounts().entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        writeStrings(json, "refusals", survey.refusals());
        json.writeNumberField("refusalCount", survey.refusalCount());
        writeStrings(
                json,
                "activeGroups",
                survey.activeGroups().stream().map(GroupActivity::describe).toList());
    }

    /** The undo snapshot a real run saved, and the one holding the offsets from before its rollback. */
    static void writeUndo(JsonGenerator json, Optional<RollbackOutcome> outcome) throws IOException {
        Optional<SnapshotId> undo = outcome.flatMap(RollbackOutcome::undoSnapshot);
        if (undo.isPresent()) {
            json.writeStringField("undoSnapshotId", undo.get().value());
            json.writeBooleanField("undoSavedByEarlierAttempt", outcome.get().undoByEarlierAttempt());
        }
        Optional<SnapshotId> preRollback = outcome.flatMap(RollbackOutcome::preRollbackSnapshot);
        if (preRollback.isPresent()) {
            json.writeStringField("preRollbackSnapshotId", preRollback.get().value());
        }
    }

    /**
     * How each group's commit ended: {@code rolledBack} and {@code notAttempted} list group ids, {@code
     * notRolledBack} and {@code uncertain} objects with the group, the cause and whether a rerun may succeed as is.
     */
    static void writeOutcome(JsonGenerator json, RollbackOutcome outcome) throws IOException {
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

    static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** A rollback's partition: with the snapshot's offset and how the partition drifted since. */
    static void writeRow(JsonGenerator json, PartitionDecision row) throws IOException {
        writeRow(json, row, true);
    }

    /** A partition of a plan; {@code fromSnapshot}: with the snapshot's offset and the drift (not for a reset). */
    static void writeRow(JsonGenerator json, PartitionDecision row, boolean fromSnapshot) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", row.group());
        json.writeStringField("topic", row.partition().topic());
        json.writeNumberField("partition", row.partition().partition());
        if (fromSnapshot) {
            writeOptional(json, "snapshot", row.snapshotOffset());
        }
        writeOptional(json, "current", row.currentOffset());
        writeOptional(json, "target", row.target());
        json.writeStringField("decision", row.decision().label());
        json.writeStringField("action", row.action());
        if (fromSnapshot) {
            json.writeStringField("drift", row.drift().label());
        }
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
