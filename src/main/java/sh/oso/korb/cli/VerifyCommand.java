package sh.oso.korb.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.oso.korb.error.DifferencesFoundException;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.kafka.ConsumerGroupAdmin;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.operation.VerificationResult;
import sh.oso.korb.operation.VerifyOperation;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.SnapshotRepository;
import sh.oso.korb.storage.SnapshotStore;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare the committed offsets of the listed consumer groups with a snapshot.")
final class VerifyCommand extends KorbSubcommand {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    StorageOptions storage;

    @Mixin
    SnapshotOptions snapshot;

    @Mixin
    SnapshotOptions.Groups groups;

    @Option(names = "--strict", description = "Exit 3 when any offset differs (without it, differences are reported and the exit is 0).")
    boolean strict;

    @Override
    protected ExitCode run(Results results) {
        SnapshotId id = snapshotId(snapshot.snapshotId);
        results.put(Results.SNAPSHOT_ID, id.value());
        List<String> groupIds = consumerGroups(groups.values);
        KafkaConfig config = kafka.toConfig();
        VerificationResult result;
        try (SnapshotStore store = openStore(storage); ConsumerGroupAdmin admin = openKafka(config)) {
            progress("Verifying " + plural(groupIds.size(), "group") + " against snapshot " + id + " ...");
            result = new VerifyOperation(admin, new SnapshotRepository(store)).run(id, groupIds);
        }
        String message = result.matched()
                ? "Verified: all " + plural(result.partitionsChecked(), "partition") + " of "
                        + plural(result.snapshot().groups().size(), "group") + " match snapshot " + id + "."
                : plural(result.differences().size(), "difference") + " from snapshot " + id + " in "
                        + plural(result.partitionsChecked(), "partition") + " checked.";
        results.summary(result.snapshot().summary())
                .put(Results.MATCHED, result.matched())
                .put(Results.DIFFERENCES, JsonOutput.differencesResult(result.differences()));
        print(result, message);
        if (!result.matched() && strict) {
            throw new DifferencesFoundException(message + " (--strict)");
        }
        results.completed(message);
        return ExitCode.SUCCESS;
    }

    private void print(VerificationResult result, String message) {
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
                table.row(difference.group(), difference.topic(), difference.partition(), difference.expected(),
                        difference.actual().map(String::valueOf).orElse("-"), difference.kind().label());
            }
            table.print(out());
        }
        out().println(message);
        out().flush();
    }
}
