package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.kafka.GroupActivity;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackSurvey;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotJson;

/**
 * A rollback's plan as one JSON document (--output json, --plan-out), written as the batches are planned: the
 * partitions first, as they come, then the totals and the outcome, which are known only at the end. The document is
 * never held whole, however many partitions it lists.
 */
final class PlanDocument implements AutoCloseable {

    private final JsonGenerator json;
    private final String where;
    private Optional<StorageException> failure = Optional.empty();

    private PlanDocument(JsonGenerator json, String where, SnapshotId id, boolean dryRun, boolean exact) {
        this.json = json;
        this.where = where;
        attempt(() -> {
            json.writeStartObject();
            json.writeStringField("snapshotId", id.value());
            json.writeBooleanField("dryRun", dryRun);
            json.writeBooleanField("exact", exact);
            json.writeArrayFieldStart("partitions");
        });
    }

    /** The document on standard output; it is followed by a line break. */
    static PlanDocument toOutput(PrintWriter out, SnapshotId id, boolean dryRun, boolean exact) {
        try {
            return new PlanDocument(
                    SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter(),
                    "standard output",
                    id,
                    dryRun,
                    exact);
        } catch (IOException e) {
            throw new StorageException("could not write the plan to standard output: " + e, e);
        }
    }

    /** The document in {@code file} (--plan-out), its directory created; fails when the file cannot be created. */
    static PlanDocument toFile(Path file, SnapshotId id, boolean dryRun, boolean exact) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = Files.newOutputStream(file);
            return new PlanDocument(
                    SnapshotJson.FACTORY.createGenerator(out).useDefaultPrettyPrinter(),
                    file.toString(),
                    id,
                    dryRun,
                    exact);
        } catch (IOException e) {
            throw new StorageException("could not write the plan to " + file + ": " + e, e);
        }
    }

    void rows(Collection<PartitionDecision> rows) {
        attempt(() -> {
            for (PartitionDecision row : rows) {
                PlanJson.writeRow(json, row);
            }
        });
    }

    /** Ends the partitions and adds the totals and, after a real run, the outcome. */
    void finish(RollbackSurvey survey, Optional<RollbackOutcome> outcome) {
        attempt(() -> {
            json.writeEndArray();
            json.writeStringField("timestamp", survey.header().timestamp().toString());
            json.writeNumberField("groups", survey.groups().size());
            json.writeNumberField("totalPartitions", survey.snapshotOffsets());
            json.writeStringField("clusterId", survey.clusterId());
            if (survey.header().clusterId().isPresent()) {
                json.writeStringField(
                        "snapshotClusterId", survey.header().clusterId().get());
            }
            json.writeNumberField("changedPartitions", survey.changes());
            PlanJson.writeUndo(json, outcome);
            json.writeObjectFieldStart("decisions");
            for (Map.Entry<String, Integer> count : survey.decisionCounts().entrySet()) {
                json.writeNumberField(count.getKey(), count.getValue());
            }
            json.writeEndObject();
            PlanJson.writeStrings(json, "refusals", survey.refusals());
            json.writeNumberField("refusalCount", survey.refusalCount());
            PlanJson.writeStrings(
                    json,
                    "activeGroups",
                    survey.activeGroups().stream().map(GroupActivity::describe).toList());
            if (outcome.isPresent()) {
                PlanJson.writeOutcome(json, outcome.get());
            }
            json.writeEndObject();
        });
    }

    /** Why the document is incomplete, when writing it failed: what changed is reported whatever happens to it. */
    Optional<StorageException> failure() {
        return failure;
    }

    @Override
    public void close() {
        attempt(() -> {
            json.writeRaw(System.lineSeparator());
            json.close();
        });
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private void attempt(Write write) {
        if (failure.isPresent()) {
            return;
        }
        try {
            write.run();
        } catch (IOException e) {
            failure = Optional.of(new StorageException("could not write the plan to " + where + ": " + e, e));
        }
    }
}
