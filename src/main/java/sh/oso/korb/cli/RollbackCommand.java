package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.operation.PartitionComparison;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackPlan;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Restore the committed offsets of the listed consumer groups from a snapshot.",
                "Refuses, changing nothing, when any listed group has active members."})
final class RollbackCommand extends GroupsCommand {

    @Option(names = "--dry-run", description = "Print the plan (group, topic, partition, current, target) and change nothing.")
    boolean dryRun;

    @Override
    protected ExitCode run(Results results) {
        Inputs inputs = inputs(results);
        SnapshotId id = inputs.id();
        try (SnapshotStore store = openStore(); ConsumerGroupAdmin admin = openKafka(inputs.kafka())) {
            RollbackOperation rollback = new RollbackOperation(admin, new SnapshotRepository(store));
            progress("Planning the rollback of " + plural(inputs.groups().size(), "group") + " to snapshot " + id
                    + " ...");
            RollbackPlan plan = rollback.plan(id, inputs.groups());
            int changes = plan.changes().size();
            results.summary(plan.snapshot().summary()).put(Results.CHANGED_PARTITIONS, changes);
            if (dryRun) {
                print(plan, plan.partitions());
                RollbackOperation.refuseIfActive(plan);
                String message = "Dry run: " + changes + " of " + plural(plan.partitions().size(), "partition")
                        + " in " + plural(plan.groupCount(), "group") + " would change; nothing was changed.";
                finish(results, message);
                return ExitCode.SUCCESS;
            }
            rollback.apply(plan);
            print(plan, plan.changes());
            String message = "Rolled back " + plural(plan.groupCount(), "group") + " to snapshot " + id + ": "
                    + changes + " of " + plural(plan.partitions().size(), "partition") + " changed"
                    + (changes == 0 ? " (already at the snapshot)." : ".");
            finish(results, message);
        }
        return ExitCode.SUCCESS;
    }

    private void finish(Results results, String message) {
        results.completed(message);
        if (output.json()) {
            out().flush();
        } else {
            out().println(message);
            out().flush();
        }
    }

    private void print(RollbackPlan plan, List<PartitionComparison> rows) {
        if (output.json()) {
            JsonOutput.print(out(), json -> {
                json.writeStartObject();
                JsonOutput.summaryFields(json, plan.snapshot().summary());
                json.writeBooleanField("dryRun", dryRun);
                json.writeNumberField("changedPartitions", plan.changes().size());
                json.writeArrayFieldStart("partitions");
                for (PartitionComparison row : rows) {
                    writeRow(json, row);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("activeGroups");
                for (var group : plan.activeGroups()) {
                    json.writeString(group.describe());
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            return;
        }
        if (rows.isEmpty()) {
            return;
        }
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT", "TARGET", "ACTION");
        for (PartitionComparison row : rows) {
            table.row(row.group(), row.partition().topic(), row.partition().partition(),
                    row.currentOffset().map(String::valueOf).orElse("-"), row.snapshot().offset(), action(row));
        }
        table.print(out());
    }

    private String action(PartitionComparison row) {
        if (row.upToDate()) {
            return "unchanged";
        }
        return dryRun ? "commit" : "committed";
    }

    private void writeRow(JsonGenerator json, PartitionComparison row) throws IOException {
        json.writeStartObject();
        json.writeStringField("group", row.group());
        json.writeStringField("topic", row.partition().topic());
        json.writeNumberField("partition", row.partition().partition());
        if (row.currentOffset().isPresent()) {
            json.writeNumberField("current", row.currentOffset().get());
        } else {
            json.writeNullField("current");
        }
        json.writeNumberField("target", row.snapshot().offset());
        json.writeStringField("action", action(row));
        json.writeEndObject();
    }
}
