package sh.oso.korb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sh.oso.korb.error.Reason;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a snapshot from the store. Needs no Kafka connection.")
final class DeleteCommand extends SnapshotIdCommand {

    @Option(names = "--ignore-missing", description = "Succeed when the snapshot does not exist.")
    boolean ignoreMissing;

    @Override
    protected Outcome run(Results results) {
        SnapshotId id = snapshotId(results);
        String message;
        Reason reason = Reason.SNAPSHOT_DELETED;
        try (SnapshotStore store = openStore()) {
            SnapshotRepository repository = new SnapshotRepository(store);
            try {
                repository.delete(id);
                message = "Snapshot " + id + " deleted from " + repository.locationOf(id);
            } catch (SnapshotNotFoundException e) {
                if (!ignoreMissing) {
                    throw e;
                }
                reason = Reason.NOTHING_TO_DELETE;
                message = "Snapshot " + id + " does not exist at " + repository.locationOf(id) + "; nothing to delete";
            }
        }
        String text = message;
        if (output.json()) {
            JsonOutput.print(out(), json -> {
                json.writeStartObject();
                json.writeStringField("snapshotId", id.value());
                json.writeStringField("message", text);
                json.writeStringField("phase", Results.COMPLETED);
                json.writeEndObject();
            });
        } else {
            out().println(text);
            out().flush();
        }
        return new Outcome(reason, message);
    }
}
