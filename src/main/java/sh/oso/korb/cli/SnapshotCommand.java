package sh.oso.korb.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.Reason;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.operation.SnapshotCapture;
import sh.oso.korb.operation.SnapshotOperation;
import sh.oso.korb.snapshot.GroupSelection;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Capture the committed offsets of consumer groups into a new snapshot.")
final class SnapshotCommand extends GroupsCommand {

    @Mixin
    BatchOptions batching;

    @Option(names = "--overwrite", description = "Replace an existing snapshot with the same id.")
    boolean overwrite;

    @Option(
            names = "--allow-empty-groups",
            description = "Record listed groups that have no committed offsets instead of failing.")
    boolean allowEmptyGroups;

    @Option(
            names = "--record-timestamps",
            description = {
                "Also record the timestamp of the last record each group consumed (read without joining"
                        + " any group), so a rollback can find the same place in a recreated topic or another cluster."
            })
    boolean recordTimestamps;

    @Override
    protected Outcome run(Results results) {
        Inputs inputs = inputs(results);
        SnapshotId id = inputs.id();
        List<String> groupIds = inputs.groups();
        KafkaConfig config = inputs.kafka();
        try (SnapshotStore store = openStore(); // the store's settings are checked before any Kafka client exists
                KafkaAccess kafka = openKafka(config)) {
            SnapshotRepository repository = new SnapshotRepository(store);
            progress("Reading the committed offsets of "
                    + inputs.selection().map(GroupSelection::describe).orElse(plural(groupIds.size(), "group"))
                    + " from " + config.bootstrapServers() + " ...");
            SnapshotOperation.Saved saved = new SnapshotOperation(
                            kafka,
                            repository,
                            new SnapshotCapture(kafka, services().clock()),
                            batching.batches())
                    .run(new SnapshotOperation.Request(
                            id, groupIds, inputs.selection(), overwrite, allowEmptyGroups, recordTimestamps, runId()));
            Snapshot taken = saved.snapshot();
            if (saved.earlierAttempt()) {
                progress("Snapshot " + id + " already exists, saved by an earlier attempt of this run (--run-id "
                        + taken.runId().orElseThrow() + ") with the same groups: reporting it.");
            }
            warnAboutLeftOut(saved, inputs);
            if (saved.withoutRecordTimestamp() > 0) {
                progress("warning: no record timestamp for " + plural((int) saved.withoutRecordTimestamp(), "partition")
                        + " (the last consumed record was removed by retention or compaction, or not read in time)");
            }
            String message = "Snapshot " + id
                    + (saved.earlierAttempt() ? " saved by an earlier attempt of this run: " : " created: ")
                    + plural(saved.summary().groups(), "group") + ", "
                    + plural(saved.summary().totalPartitions(), "partition") + " at " + repository.locationOf(id);
            results.summary(saved.summary());
            if (output.json()) {
                JsonOutput.print(out(), json -> {
                    json.writeStartObject();
                    JsonOutput.summaryFields(json, saved.summary());
                    json.writeStringField("location", repository.locationOf(id));
                    json.writeBooleanField("savedByEarlierAttempt", saved.earlierAttempt());
                    json.writeStringField("phase", Results.COMPLETED);
                    json.writeEndObject();
                });
            } else {
                out().println(message);
            }
            return new Outcome(Reason.SNAPSHOT_CREATED, message);
        }
    }

    /** A snapshot of groups chosen on the cluster says what it could not hold. */
    private void warnAboutLeftOut(SnapshotOperation.Saved saved, Inputs inputs) {
        if (!saved.leftOut().isEmpty()) {
            progress("warning: " + plural(saved.leftOut().size(), "group") + " without committed offsets left out"
                    + " (--allow-empty-groups records them empty): "
                    + String.join(
                            ", ",
                            saved.leftOut().stream().limit(SHOWN_LEFT_ALONE).toList())
                    + (saved.leftOut().size() > SHOWN_LEFT_ALONE
                            ? " and " + (saved.leftOut().size() - SHOWN_LEFT_ALONE) + " more"
                            : ""));
        }
        if (inputs.selection().isPresent() && saved.summary().groups() == 0) {
            progress("warning: the snapshot is empty: the cluster has no consumer groups with committed offsets");
        }
    }
}
