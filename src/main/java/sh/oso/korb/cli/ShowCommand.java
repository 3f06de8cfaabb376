package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import sh.oso.korb.error.Reason;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotWriter;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Print one snapshot: a table, or with --output json the snapshot document itself.",
            "Needs no Kafka connection."
        })
final class ShowCommand extends SnapshotIdCommand {

    @Override
    protected Outcome run(Results results) {
        SnapshotId id = snapshotId(results);
        Snapshot shown;
        try (SnapshotStore store = openStore()) {
            shown = new SnapshotRepository(store).load(id);
        }
        results.summary(shown.summary());
        Outcome shownOutcome = new Outcome(Reason.SNAPSHOT_SHOWN, "Snapshot " + id);
        if (output.json()) {
            JsonOutput.print(out(), (JsonGenerator json) -> SnapshotWriter.write(shown, json));
            return shownOutcome;
        }
        out().println("Snapshot:  " + id);
        out().println("Taken:     " + shown.timestamp());
        out().println("Cluster:   "
                + ControlCharacters.escape(shown.cluster()
                        + shown.clusterId()
                                .map(cid -> " (cluster id " + cid + ")")
                                .orElse("")));
        out().println("Contents:  " + plural(shown.groups().size(), "group") + ", "
                + plural(shown.totalPartitions(), "partition"));
        shown.groupSelection()
                .ifPresent(selection -> out().println("Groups:    " + ControlCharacters.escape(selection.describe())
                        + " (" + selection + ")"));
        out().println();
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "OFFSET", "METADATA");
        for (Map.Entry<String, GroupOffsets> group : shown.groups().entrySet()) {
            for (Map.Entry<TopicPartition, PartitionOffset> partition :
                    group.getValue().partitions().entrySet()) {
                table.row(
                        group.getKey(),
                        partition.getKey().topic(),
                        partition.getKey().partition(),
                        partition.getValue().offset(),
                        partition.getValue().metadata());
            }
        }
        table.print(out());
        return shownOutcome;
    }
}
