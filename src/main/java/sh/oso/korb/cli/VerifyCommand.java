package sh.oso.korb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sh.oso.korb.error.DifferencesFoundException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.operation.VerifyOperation;
import sh.oso.korb.operation.VerifyOutcome;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Compare the committed offsets of the listed consumer groups with a snapshot.")
final class VerifyCommand extends GroupsCommand {

    @Option(
            names = "--strict",
            description = "Exit 3 when any offset differs (without it, differences are reported and the exit is 0).")
    boolean strict;

    @Option(
            names = "--exact",
            description = "Count an offset committed where the snapshot has none as a difference (kind extra), as"
                    + " rollback --exact deletes them; without it such offsets are not compared.")
    boolean exact;

    @Override
    protected Outcome run(Results results) {
        Inputs inputs = inputs(results);
        SnapshotId id = inputs.id();
        VerifyOutcome result;
        try (SnapshotStore store = openStore(); // the store's settings are checked before any Kafka client exists
                KafkaAccess kafka = openKafka(inputs.kafka())) {
            inputs = chosen(inputs, store, kafka); // --all-groups, --group-pattern: the snapshot's groups they choose
            progress("Verifying " + plural(inputs.groups().size(), "group") + " against snapshot " + id + " ...");
            result = new VerifyOperation(kafka, new SnapshotRepository(store)).run(id, inputs.groups(), exact);
        }
        String message = Verification.message(result, id);
        Verification.record(results.summary(result.snapshot().summary()), result);
        print(result, message);
        if (!result.matched() && strict) {
            throw new DifferencesFoundException(message + " (--strict)");
        }
        return new Outcome(result.matched() ? Reason.VERIFICATION_PASSED : Reason.DIFFERENCES_FOUND, message);
    }

    private void print(VerifyOutcome result, String message) {
        if (output.json()) {
            JsonOutput.print(out(), json -> {
                json.writeStartObject();
                JsonOutput.summaryFields(json, result.snapshot().summary());
                json.writeBooleanField("matched", result.matched());
                json.writeNumberField("partitionsChecked", result.partitionsChecked());
                json.writeArrayFieldStart("differences");
                for (OffsetDifference difference : result.differences()) {
                    JsonOutput.difference(json, difference);
                }
                json.writeEndArray();
                json.writeEndObject();
            });
            return;
        }
        if (!result.matched()) {
            TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "EXPECTED", "ACTUAL", "KIND");
            for (OffsetDifference difference : result.differences()) {
                table.row(
                        difference.group(),
                        difference.topic(),
                        difference.partition(),
                        difference.expected().map(String::valueOf).orElse("-"),
                        difference.actual().map(String::valueOf).orElse("-"),
                        difference.kind());
            }
            table.print(out());
        }
        out().println(message);
        out().flush();
    }
}
