package sh.oso.korb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.DifferencesFoundException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.operation.GroupBatches;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.operation.VerifyOperation;
import sh.oso.korb.operation.VerifyOutcome;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotJson;
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

    @Mixin
    BatchOptions batching;

    @Override
    protected Outcome run(Results results) {
        Inputs inputs = inputs(results);
        SnapshotId id = inputs.id();
        GroupBatches batches = batching.batches();
        VerifyOutcome result;
        Differences differences = new Differences();
        try (SnapshotStore store = openStore(); // the store's settings are checked before any Kafka client exists
                KafkaAccess kafka = openKafka(inputs.kafka())) {
            inputs = chosen(inputs, store, kafka); // --all-groups, --group-pattern: the snapshot's groups they choose
            progress("Verifying " + plural(inputs.groups().size(), "group") + " against snapshot " + id + " ...");
            result = new VerifyOperation(kafka, new SnapshotRepository(store), batches)
                    .run(id, inputs.groups(), exact, differences::add);
        } catch (KorbException e) {
            differences.abandon();
            throw e;
        }
        String message = Verification.message(result, id);
        Verification.record(results.summary(result.snapshot()), result);
        differences.finish(result, message);
        if (!result.matched() && strict) {
            throw new DifferencesFoundException(message + " (--strict)");
        }
        return new Outcome(result.matched() ? Reason.VERIFICATION_PASSED : Reason.DIFFERENCES_FOUND, message);
    }

    /**
     * The differences as they are found: with --output json every one, streamed into the document (whose totals
     * follow them); as text, a table of the first {@value PlanTable#ROW_LIMIT}, which the outcome keeps.
     */
    private final class Differences {
        private JsonGenerator json;

        void add(OffsetDifference difference) {
            if (!output.json()) {
                return;
            }
            try {
                if (json == null) {
                    json = SnapshotJson.FACTORY.createGenerator(out()).useDefaultPrettyPrinter();
                    json.writeStartObject();
                    json.writeArrayFieldStart("differences");
                }
                JsonOutput.difference(json, difference);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish(VerifyOutcome result, String message) {
            if (output.json()) {
                try {
                    if (json == null) {
                        json = SnapshotJson.FACTORY.createGenerator(out()).useDefaultPrettyPrinter();
                        json.writeStartObject();
                        json.writeArrayFieldStart("differences");
                    }
                    json.writeEndArray();
                    JsonOutput.summaryFields(json, result.snapshot());
                    json.writeBooleanField("matched", result.matched());
                    json.writeNumberField("partitionsChecked", result.partitionsChecked());
                    json.writeNumberField("differenceCount", result.differenceCount());
                    json.writeEndObject();
                    json.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out().println();
                out().flush();
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
                if (result.differenceCount() > result.differences().size()) {
                    out().println("... and "
                            + (result.differenceCount() - result.differences().size())
                            + " more differences: --output json lists them all");
                }
            }
            out().println(message);
            out().flush();
        }

        void abandon() {
            if (json != null) {
                try {
                    json.close();
                } catch (IOException e) {
                    // the failure that stopped the run is what is reported
                }
                out().println();
                out().flush();
            }
        }
    }
}
