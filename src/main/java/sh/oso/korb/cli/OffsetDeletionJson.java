package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.operation.OffsetDeletionOutcome;
import sh.oso.korb.operation.OffsetDeletionPlan;
import sh.oso.korb.operation.PartitionDecision;

/** The plan of delete-offsets as JSON, for --output json and --plan-out; its rows are written as a rollback's. */
final class OffsetDeletionJson {

    private OffsetDeletionJson() {}

    static void write(JsonGenerator json, OffsetDeletionPlan plan, boolean dryRun, Optional<OffsetDeletionOutcome> done)
            throws IOException {
        json.writeStartObject();
        json.writeBooleanField("dryRun", dryRun);
        strings(json, "groups", plan.groups());
        strings(json, "topics", plan.topics());
        strings(json, "groupsWithNothingToDelete", plan.groupsWithNothingToDelete());
        json.writeNumberField("changedPartitions", plan.partitions().size());
        if (done.isPresent() && done.get().undoSnapshot().isPresent()) {
            json.writeStringField(
                    "undoSnapshotId", done.get().undoSnapshot().get().value());
        }
        json.writeObjectFieldStart("decisions");
        for (Map.Entry<String, Integer> count : plan.decisionCounts().entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
        if (done.isPresent()) {
            json.writeObjectFieldStart("outcome");
            json.writeBooleanField("complete", done.get().complete());
            json.writeNumberField("deletedPartitions", done.get().deletedPartitions());
            json.writeArrayFieldStart("notDeleted");
            for (Map.Entry<String, GroupCommit> group :
                    done.get().deletions().groups().entrySet()) {
                if (!group.getValue().isCommitted()) {
                    json.writeStartObject();
                    json.writeStringField("group", group.getKey());
                    json.writeStringField("status", group.getValue().status().name());
                    json.writeStringField("cause", group.getValue().cause());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeArrayFieldStart("partitions");
        for (PartitionDecision row : plan.partitions()) {
            PlanJson.writeRow(json, row);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void writeFile(Path file, OffsetDeletionPlan plan, boolean dryRun, Optional<OffsetDeletionOutcome> done) {
        PlanJson.writeFile(file, json -> write(json, plan, dryRun, done));
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
