package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.storage.Fifos;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Files in the pvc directory that korb did not write (links, FIFOs, hand-written snapshots korb's format does
 * not allow) and a --pvc-path that is no directory, against the real broker and a real directory: each is one
 * line naming the file and the problem, nothing changes, and nothing of a file's content is shown.
 */
class HostileSnapshotFilesTest extends KafkaCommandTest {

    /** The first token of a file that is not a snapshot: a parse error used to quote it. */
    private static final String SECRET = "hunter2secret";

    @TempDir
    Path outside;

    private CliRun.Result korb(String command, String... args) {
        String[] withResults = new String[args.length + 2];
        System.arraycopy(args, 0, withResults, 0, args.length);
        withResults[args.length] = "--results-dir";
        withResults[args.length + 1] = outside.resolve("results-" + command).toString();
        return kafka.korb(command, withResults);
    }

    private String result(String command, String name) throws Exception {
        return Files.readString(outside.resolve("results-" + command).resolve(name));
    }

    @Test
    void aLinkToASecretIsNotFollowedAndNothingOfItIsShown() throws Exception {
        Path secret = Files.writeString(outside.resolve("shadow"), SECRET + ":x:0:0:root:/root:/bin/bash\n");
        Files.createSymbolicLink(store.resolve("linked.json"), secret);
        Map<TopicPartition, Long> before = EmbeddedKafka.shared().committed(kafka.orderProcessor);

        CliRun.Result show = korb("show", "--snapshot-id", "linked");
        CliRun.Result rollback = korb("rollback", "--consumer-groups", kafka.orderProcessor, "--snapshot-id", "linked");

        for (CliRun.Result result : new CliRun.Result[] {show, rollback}) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).doesNotContain(SECRET);
            assertThat(errorLine(result)).contains(store.resolve("linked.json") + " is a symbolic link");
        }
        assertThat(result("show", "message")).doesNotContain(SECRET);
        assertThat(result("rollback", "message")).doesNotContain(SECRET);
        assertThat(result("rollback", "reason")).isEqualTo("StorageError");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(before);
        assertThat(korb("list").out()).doesNotContain("linked");
    }

    @Test
    void aFifoDoesNotHangARollback() throws Exception {
        Fifos.make(store.resolve("fifo.json"));

        CliRun.Result rollback = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> korb("rollback", "--consumer-groups", kafka.orderProcessor, "--snapshot-id", "fifo"));

        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(1);
        assertThat(errorLine(rollback)).contains(store.resolve("fifo.json") + " is not a regular file");
    }

    @Test
    void aPvcPathThatIsAFileIsNamedSoEvenWithOverwrite() throws Exception {
        Path file = Files.writeString(outside.resolve("snapshots"), "");

        CliRun.Result result = kafka.cli()
                .env("KORB_PVC_PATH", file.toString())
                .run("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "s", "--overwrite");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(errorLine(result))
                .contains("--pvc-path " + file + " is not a directory")
                .doesNotContain("already exists");
        assertThat(Files.readString(file)).isEmpty();
    }

    @Test
    void aPartitionNumberWithASignOrLeadingZeroIsRefusedNamingItsPath() throws Exception {
        Map<TopicPartition, Long> before = EmbeddedKafka.shared().committed(kafka.orderProcessor);
        for (String key : new String[] {"+1", "01"}) {
            Files.writeString(
                    store.resolve("hand.json"),
                    "{\"groups\":{\"" + kafka.orderProcessor + "\":{\"topics\":{\"" + kafka.orders + "\":{"
                            + "\"1\":{\"offset\":5},\"" + key + "\":{\"offset\":50}}}}}}");

            CliRun.Result rollback =
                    korb("rollback", "--consumer-groups", kafka.orderProcessor, "--snapshot-id", "hand");

            assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(2);
            assertThat(errorLine(rollback))
                    .contains("at /groups/" + kafka.orderProcessor + "/topics/" + kafka.orders + "/" + key + " ");
            assertThat(result("rollback", "reason")).isEqualTo("MalformedSnapshot");
            assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(before);
        }
    }

    @Test
    void aDuplicateGroupIsRefusedAndListAgreesWithShow() throws Exception {
        String group = "{\"topics\":{\"" + kafka.orders + "\":{\"0\":{\"offset\":1}}}}";
        Files.writeString(
                store.resolve("twice.json"),
                "{\"groups\":{\"a\":" + group + ",\"b\":" + group + ",\"a\":" + group + "}}");

        CliRun.Result show = korb("show", "--snapshot-id", "twice");
        CliRun.Result list = korb("list");

        assertThat(show.exitCode()).as(show.toString()).isEqualTo(2);
        assertThat(show.err()).contains("at /groups/a ").contains("appears twice");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("twice\\s+unreadable: .*appears twice");
    }

    @Test
    void aTruncatedSnapshotIsMalformedWithExit2AsTheReadmeSays() throws Exception {
        kafka.snapshot("whole");
        String stored = Files.readString(store.resolve("whole.json"));
        Files.writeString(store.resolve("whole.json"), stored.substring(0, stored.length() - 100));

        CliRun.Result show = korb("show", "--snapshot-id", "whole");

        assertThat(show.exitCode()).as(show.toString()).isEqualTo(2);
        assertThat(result("show", "reason")).isEqualTo("MalformedSnapshot");
        assertThat(show.err()).contains("ends before it is complete");
    }

    /** The one line of stderr that reports the failure (progress lines may precede it). */
    private static String errorLine(CliRun.Result result) {
        List<String> errors =
                result.err().lines().filter(line -> line.startsWith("error: ")).toList();
        assertThat(errors).as(result.toString()).hasSize(1);
        return errors.get(0);
    }
}
