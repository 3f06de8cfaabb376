package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.StorageConfig;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Every id korb accepts can be snapshotted and rolled back to, undo snapshot included, and a longer one is refused
 * before any Kafka request, with the limit in the help.
 */
class SnapshotIdLengthTest extends KafkaCommandTest {

    /** Fails any command that gets as far as creating a Kafka client. */
    private static final KafkaClientFactory NO_KAFKA = new KafkaClientFactory() {
        @Override
        public Admin admin(KafkaConfig config) {
            throw new AssertionError("a Kafka client was created");
        }

        @Override
        public Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config) {
            throw new AssertionError("a Kafka client was created");
        }
    };

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {220, 230, SnapshotId.MAX_LENGTH})
    void anIdOfAnyAllowedLengthSnapshotsAndRollsBackWithItsUndoSnapshot(int length) throws Exception {
        String id = "s".repeat(length - kafka.suffix.length()) + kafka.suffix;
        kafka.snapshot(id);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));

        CliRun.Result rollback = kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", id);

        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        List<String> undo;
        try (Stream<Path> files = Files.list(store)) {
            undo = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.contains("-undo-"))
                    .toList();
        }
        assertThat(undo)
                .singleElement()
                .satisfies(name ->
                        assertThat(name.length() - ".json".length()).isLessThanOrEqualTo(SnapshotId.MAX_LENGTH));
    }

    @Test
    void aLongerIdIsRefusedBeforeAnyKafkaRequest() {
        String tooLong = "s".repeat(SnapshotId.MAX_LENGTH + 1);
        CliRun cli = kafka.cli().clients(NO_KAFKA);

        for (String[] args : List.of(
                new String[] {"snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", tooLong},
                new String[] {"rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", tooLong},
                new String[] {"verify", "--consumer-groups", kafka.groups(), "--snapshot-id", tooLong})) {
            CliRun.Result result = cli.run(args);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err())
                    .contains("snapshot id is " + (SnapshotId.MAX_LENGTH + 1) + " characters long; at most "
                            + SnapshotId.MAX_LENGTH + " are allowed")
                    .hasLineCount(1);
        }
    }

    @Test
    void aPrefixTooLongOrAPvcPathThatIsAFileIsRefusedBeforeAnyKafkaClient() throws Exception {
        String tooLong = "p".repeat(StorageConfig.MAX_PREFIX_BYTES + 1);
        Path file = Files.writeString(store.resolve("a-file"), "");
        CliRun cli = kafka.cli().clients(NO_KAFKA);

        for (String command : List.of("snapshot", "rollback", "verify")) {
            CliRun.Result prefix = cli.run(
                    command,
                    "--consumer-groups",
                    kafka.groups(),
                    "--snapshot-id",
                    "s",
                    "--storage-type",
                    "s3",
                    "--s3-bucket",
                    "b",
                    "--s3-region",
                    "us-east-1",
                    "--s3-prefix",
                    tooLong);
            CliRun.Result pvc = cli.run(
                    command, "--consumer-groups", kafka.groups(), "--snapshot-id", "s", "--pvc-path", file.toString());

            assertThat(prefix.exitCode()).as(prefix.toString()).isEqualTo(2);
            assertThat(prefix.err())
                    .contains("--s3-prefix is " + (StorageConfig.MAX_PREFIX_BYTES + 1) + " bytes long")
                    .hasLineCount(1);
            assertThat(pvc.exitCode()).as(pvc.toString()).isEqualTo(2);
            assertThat(pvc.err())
                    .contains("--pvc-path " + file + " is not a directory")
                    .hasLineCount(1);
        }
    }

    @Test
    void theHelpStatesTheLimit() {
        for (String command : new String[] {"snapshot", "rollback", "verify", "show", "delete"}) {
            CliRun.Result help = new CliRun().run(command, "--help");

            assertThat(help.out().replaceAll("\\s+", " ")).contains("at most " + SnapshotId.MAX_LENGTH + " characters");
        }
    }
}
