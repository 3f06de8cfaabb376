package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

class SnapshotCommandTest extends KafkaCommandTest {

    @Test
    void capturesTwoGroupsAcrossTwoTopicsInTheReferenceLayout() throws Exception {
        Path results = store.resolve("results");
        CliRun.Result result = kafka.korb(
                "snapshot",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "pre-migration",
                "--results-dir",
                results.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Snapshot pre-migration created: 2 groups, 7 partitions");
        JsonNode snapshot = JSON.readTree(store.resolve("pre-migration.json").toFile());
        assertThat(snapshot.path("snapshotId").asText()).isEqualTo("pre-migration");
        assertThat(snapshot.path("cluster").asText())
                .isEqualTo(EmbeddedKafka.shared().bootstrapServers());
        assertThat(snapshot.path("clusterId").asText()).isNotBlank();
        JsonNode orderTopics =
                snapshot.path("groups").path(kafka.orderProcessor).path("topics");
        assertThat(orderTopics.path(kafka.orders).path("0").path("offset").asLong())
                .isEqualTo(10);
        assertThat(orderTopics.path(kafka.orders).path("2").path("offset").asLong())
                .isEqualTo(12);
        assertThat(orderTopics.path(kafka.payments).path("1").path("offset").asLong())
                .isEqualTo(14);
        assertThat(orderTopics.path(kafka.orders).path("0").path("metadata").asText())
                .isEmpty();
        assertThat(orderTopics.path(kafka.orders).path("0").path("timestamp").asLong())
                .isPositive();
        JsonNode paymentTopics =
                snapshot.path("groups").path(kafka.paymentHandler).path("topics");
        assertThat(paymentTopics.path(kafka.payments).path("0").path("offset").asLong())
                .isEqualTo(40);
        assertThat(paymentTopics.path(kafka.orders).isMissingNode()).isTrue();

        assertThat(Files.readString(results.resolve("snapshot-id"))).isEqualTo("pre-migration");
        assertThat(Files.readString(results.resolve("groups"))).isEqualTo("2");
        assertThat(Files.readString(results.resolve("total-partitions"))).isEqualTo("7");
        assertThat(Files.readString(results.resolve("phase"))).isEqualTo("Completed");
        assertThat(Files.readString(results.resolve("timestamp")))
                .isEqualTo(snapshot.path("timestamp").asText());
    }

    @Test
    void refusesToOverwriteAnExistingSnapshotUnlessAsked() throws Exception {
        kafka.snapshot("taken");
        String original = Files.readString(store.resolve("taken.json"));
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(50));

        CliRun.Result refused = kafka.korb("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "taken");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("snapshot 'taken' already exists").contains("--overwrite");
        assertThat(Files.readString(store.resolve("taken.json"))).isEqualTo(original);

        CliRun.Result replaced =
                kafka.korb("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "taken", "--overwrite");
        assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
        JsonNode snapshot = JSON.readTree(store.resolve("taken.json").toFile());
        assertThat(snapshot.at("/groups/" + kafka.orderProcessor + "/topics/" + kafka.orders + "/0/offset")
                        .asLong())
                .isEqualTo(50);
    }

    @Test
    void aGroupWithoutCommittedOffsetsIsAnErrorNamingIt() {
        String ghost = "ghost-" + kafka.suffix;

        CliRun.Result result = kafka.korb(
                "snapshot", "--consumer-groups", kafka.orderProcessor + "," + ghost, "--snapshot-id", "with-ghost");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains(ghost)
                .contains("no committed offsets")
                .contains("--allow-empty-groups");
        assertThat(store.resolve("with-ghost.json")).doesNotExist();
    }

    @Test
    void allowEmptyGroupsRecordsTheGroupWithoutPartitions() throws Exception {
        String ghost = "ghost-" + kafka.suffix;

        CliRun.Result result = kafka.korb(
                "snapshot",
                "--consumer-groups",
                kafka.orderProcessor + "," + ghost,
                "--snapshot-id",
                "with-ghost",
                "--allow-empty-groups");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode snapshot = JSON.readTree(store.resolve("with-ghost.json").toFile());
        assertThat(snapshot.path("groups").path(ghost).path("topics").size()).isZero();
        assertThat(snapshot.path("groups")
                        .path(kafka.orderProcessor)
                        .path("topics")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void refusesAPathTraversingSnapshotIdWithoutWritingAnything() throws Exception {
        CliRun.Result result = kafka.korb("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "../evil");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("snapshot id '../evil' is invalid");
        assertThat(store.getParent().resolve("evil.json")).doesNotExist();
        try (var files = Files.list(store)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void jsonOutputIsAMachineReadableSummary() throws Exception {
        CliRun.Result result = kafka.korb(
                "snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "as-json", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("snapshotId").asText()).isEqualTo("as-json");
        assertThat(summary.path("groups").asInt()).isEqualTo(2);
        assertThat(summary.path("totalPartitions").asInt()).isEqualTo(7);
        assertThat(summary.path("phase").asText()).isEqualTo("Completed");
        assertThat(result.err()).contains("Reading the committed offsets of 2 groups");
    }

    @Test
    void anUnreachableBrokerFailsWithExitOneNamingTheCause() {
        CliRun.Result result = new CliRun()
                .run(
                        "snapshot",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--timeout",
                        "2s",
                        "--consumer-groups",
                        "g",
                        "--snapshot-id",
                        "never",
                        "--pvc-path",
                        store.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Kafka did not answer within 2s").contains("--bootstrap-servers");
        assertThat(store.resolve("never.json")).doesNotExist();
    }

    @Test
    void missingRequiredOptionsAreInvalidInput() {
        CliRun.Result noServers = new CliRun()
                .run("snapshot", "--consumer-groups", "g", "--snapshot-id", "x", "--pvc-path", store.toString());
        assertThat(noServers.exitCode()).isEqualTo(2);
        assertThat(noServers.err()).contains("--bootstrap-servers is required");

        CliRun.Result noGroups = kafka.korb("snapshot", "--snapshot-id", "x");
        assertThat(noGroups.exitCode()).isEqualTo(2);
        assertThat(noGroups.err()).contains("give exactly one of --consumer-groups, --all-groups, --group-pattern");

        CliRun.Result unknownStore =
                kafka.korb("snapshot", "--consumer-groups", "g", "--snapshot-id", "x", "--storage-type", "floppy");
        assertThat(unknownStore.exitCode()).isEqualTo(2);
        assertThat(unknownStore.err()).contains("--storage-type 'floppy' is unknown");

        CliRun.Result incomplete =
                kafka.korb("snapshot", "--consumer-groups", "g", "--snapshot-id", "x", "--storage-type", "ConfigMap");
        assertThat(incomplete.exitCode()).isEqualTo(2);
        assertThat(incomplete.err()).contains("--configmap-name is required with --storage-type configMap");
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        CliRun.Result result = kafka.cli()
                .env("KORB_SNAPSHOT_ID", "from-env")
                .run("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "from-flag");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(store.resolve("from-flag.json")).exists();
        assertThat(store.resolve("from-env.json")).doesNotExist();
    }

    @Test
    void groupsMayBeSpaceSeparatedAsATektonArrayParamExpands() throws Exception {
        CliRun.Result result = kafka.korb(
                "snapshot", "--consumer-groups", kafka.orderProcessor, kafka.paymentHandler, "--snapshot-id", "array");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JSON.readTree(store.resolve("array.json").toFile())
                        .path("groups")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void credentialFilesAreReadOnlyWhenTheProtocolUsesThem() {
        CliRun.Result result = kafka.cli()
                .env("KORB_SASL_USERNAME_FILE", "/unbound-workspace/username")
                .env("KORB_SASL_PASSWORD_FILE", "/unbound-workspace/password")
                .run("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "plaintext");

        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    @Test
    void groupsAndIdCanComeFromTheEnvironment() throws Exception {
        CliRun.Result result = kafka.cli()
                .env("KORB_SNAPSHOT_ID", "from-env")
                .env("KORB_CONSUMER_GROUPS", kafka.groups())
                .run("snapshot");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JSON.readTree(store.resolve("from-env.json").toFile())
                        .path("groups")
                        .size())
                .isEqualTo(2);
    }
}
