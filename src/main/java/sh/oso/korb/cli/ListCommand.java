package sh.oso.korb.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotSummary;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;
import sh.oso.korb.storage.StoredSnapshot;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the snapshots in a store: id, time, groups, partitions. Needs no Kafka connection.")
final class ListCommand extends KorbSubcommand {

    /** One line of the listing: a readable snapshot's summary, or why it cannot be read. */
    private record Entry(StoredSnapshot stored, SnapshotSummary summary, String problem) {
        SnapshotId id() {
            return stored.id();
        }
    }

    @Override
    protected Outcome run(Results results) {
        List<Entry> entries = new ArrayList<>();
        try (SnapshotStore store = openStore()) {
            SnapshotRepository repository = new SnapshotRepository(store);
            for (StoredSnapshot stored : repository.list()) {
                try {
                    entries.add(new Entry(stored, repository.summary(stored.id()), null));
                } catch (KorbException e) {
                    // One corrupt snapshot must not hide the others.
                    entries.add(new Entry(stored, null, e.getMessage()));
                }
            }
        }
        if (output.json()) {
            JsonOutput.print(out(), json -> {
                json.writeStartArray();
                for (Entry entry : entries) {
                    json.writeStartObject();
                    if (entry.summary() != null) {
                        JsonOutput.summaryFields(json, entry.summary());
                    } else {
                        json.writeStringField("snapshotId", entry.id().value());
                        json.writeStringField("error", entry.problem());
                    }
                    json.writeNumberField("size", entry.stored().size());
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
        } else if (entries.isEmpty()) {
            out().println("No snapshots.");
            out().flush();
        } else {
            TextTable table = new TextTable("SNAPSHOT", "TIMESTAMP", "GROUPS", "PARTITIONS", "SIZE");
            for (Entry entry : entries) {
                if (entry.summary() != null) {
                    table.row(
                            entry.id(),
                            entry.summary().timestamp(),
                            entry.summary().groups(),
                            entry.summary().totalPartitions(),
                            entry.stored().size());
                } else {
                    table.row(
                            entry.id(),
                            "unreadable: " + entry.problem(),
                            "-",
                            "-",
                            entry.stored().size());
                }
            }
            table.print(out());
        }
        return new Outcome(Reason.SNAPSHOTS_LISTED, plural(entries.size(), "snapshot"));
    }
}
