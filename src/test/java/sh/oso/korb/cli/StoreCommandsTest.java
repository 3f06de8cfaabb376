package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;

/** delete, list and show work on the store alone: no Kafka settings are given to them. */
class StoreCommandsTest extends KafkaCommandTest {

    @BeforeEach
    void setUp() throws Exception {
        kafka.snapshot("first");
        kafka.snapshot("second");
    }

    private CliRun.Result storeOnly(String... args) {
        return new CliRun().env("KORB_PVC_PATH", store.toString()).run(args);
    }

    @Test
    void deletesASnapshot() {
        CliRun.Result result = storeOnly("delete", "--snapshot-id", "first");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Snapshot first deleted");
        assertThat(store.resolve("first.json")).doesNotExist();
        assertThat(store.resolve("second.json")).exists();
    }

    @Test
    void deletingAMissingSnapshotIsAnErrorUnlessIgnored() {
        CliRun.Result missing = storeOnly("delete", "--snapshot-id", "never-taken");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("snapshot 'never-taken' not found");

        CliRun.Result ignored = storeOnly("delete", "--snapshot-id", "never-taken", "--ignore-missing");
        assertThat(ignored.exitCode()).as(ignored.toString()).isZero();
        assertThat(ignored.out()).contains("nothing to delete");
        assertThat(store.resolve("first.json")).exists();
    }

    @Test
    void deleteRefusesAnIdThatWouldEscapeTheStore() throws Exception {
        Path outside = store.getParent().resolve("outside-" + kafka.suffix + ".json");
        Files.writeString(outside, "{}");
        try {
            CliRun.Result result = storeOnly("delete", "--snapshot-id", "../outside-" + kafka.suffix);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(outside).exists();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void listsSnapshotsWithTheirSize() throws Exception {
        Files.writeString(store.resolve("broken.json"), "{\"groups\": [");

        CliRun.Result text = storeOnly("list");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out())
                .containsPattern("first\\s+\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\\s+2\\s+7")
                .containsPattern("second\\s+\\S+\\s+2\\s+7")
                .contains("broken")
                .contains("unreadable");

        JsonNode json = JSON.readTree(storeOnly("list", "-o", "json").out());
        assertThat(json).hasSize(3);
        assertThat(json.get(1).path("snapshotId").asText()).isEqualTo("first");
        assertThat(json.get(1).path("totalPartitions").asInt()).isEqualTo(7);
    }

    @Test
    void showsASnapshotAsATableOrAsTheDocument() throws Exception {
        CliRun.Result text = storeOnly("show", "--snapshot-id", "first");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out())
                .contains("Contents:  2 groups, 7 partitions")
                .containsPattern(kafka.orderProcessor + "\\s+" + kafka.orders + "\\s+1\\s+11");

        CliRun.Result json = storeOnly("show", "--snapshot-id", "first", "-o", "json");
        ObjectNode stored =
                (ObjectNode) JSON.readTree(store.resolve("first.json").toFile());
        assertThat(stored.remove("digest").asText()).startsWith("sha256:");
        assertThat(JSON.readTree(json.out()))
                .as("the document, without the digest of its stored bytes")
                .isEqualTo(stored);
    }

    @Test
    void everyCommandHasHelpWithTheExitCodes() {
        for (String command : new String[] {"snapshot", "rollback", "verify", "delete", "list", "show"}) {
            CliRun.Result help = new CliRun().run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out())
                    .contains("Usage: korb " + command)
                    .contains("Exit codes:")
                    .contains("4  refused: a consumer group is active");
        }
    }

    @Test
    void anUnknownOptionIsInvalidInput() {
        CliRun.Result result = storeOnly("list", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'").contains("korb list --help");
    }
}
