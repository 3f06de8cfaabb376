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
import sh.oso.korb.operation.PartitionDecision;
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
            Optional<SnapshotId> undo)
            throws IOException {
        json.writeStartObject();
        JsonOutput.summaryFields(json, plan.snapshot().summary());
        json.writeBooleanField("dryRun", dryRun);
        json.writeStringField("clusterId", plan.clusterId());
        if (plan.snapshot().clusterId().isPresent()) {
            json.writeStringField(
                    "snapshotClusterId", plan.snapshot().clusterId().get());
        }
        json.writeNumberField("changedPartitions", plan.changes().size());
        if (undo.isPresent()) {
            json.writeStringField("undoSnapshotId", undo.get().value());
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
        json.writeArrayFieldStart("partitions");
        for (PartitionDecision row : rows) {
            writeRow(json, row);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Writes the whole plan to a file, before anything is changed, so a refused plan can be inspected too. */
    static void writeFile(Path file, RollbackPlan plan, boolean dryRun) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file);
                    JsonGenerator json =
                            SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
                write(json, plan, dryRun, plan.partitions(), Optional.empty());
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

    private static void writeRow(JsonGenerator json, PartitionDecision row) throws IOException {
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
