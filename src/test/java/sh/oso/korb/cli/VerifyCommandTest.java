package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

class VerifyCommandTest extends KafkaCommandTest {

    private Path results;

    @BeforeEach
    void setUp() throws Exception {
        kafka.snapshot("before-change");
        results = store.resolve("results");
    }

    @Test
    void matchesRightAfterTheSnapshot() throws Exception {
        CliRun.Result result = kafka.korb(
                "verify",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--strict",
                "--results-dir",
                results.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Verified: all 7 partitions of 2 groups match snapshot before-change.");
        assertThat(Files.readString(results.resolve("matched"))).isEqualTo("true");
        assertThat(JSON.readTree(results.resolve("differences").toFile())
                        .path("total")
                        .asInt())
                .isZero();
        assertThat(Files.readString(results.resolve("phase"))).isEqualTo("Completed");
    }

    @Test
    void reportsEachDifferenceAndExitsThreeUnderStrict() throws Exception {
        TopicPartition orders0 = new TopicPartition(kafka.orders, 0);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, Map.of(orders0, 77L));
        // A partition of the snapshot that has no committed offset now: the group was deleted and re-created.
        EmbeddedKafka.shared()
                .admin()
                .deleteConsumerGroups(java.util.List.of(kafka.paymentHandler))
                .all()
                .get();
        EmbeddedKafka.shared().commit(kafka.paymentHandler, Map.of(new TopicPartition(kafka.payments, 0), 40L));

        CliRun.Result strict = kafka.korb(
                "verify",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--strict",
                "--results-dir",
                results.toString());

        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(3);
        assertThat(strict.out())
                .containsPattern(kafka.orderProcessor + "\\s+" + kafka.orders + "\\s+0\\s+10\\s+77\\s+offset-differs")
                .containsPattern(kafka.paymentHandler + "\\s+" + kafka.payments + "\\s+1\\s+41\\s+-\\s+missing")
                .contains("2 differences from snapshot before-change in 7 partitions checked.");
        assertThat(strict.err()).contains("2 differences").contains("--strict");
        assertThat(Files.readString(results.resolve("matched"))).isEqualTo("false");
        assertThat(Files.readString(results.resolve("phase"))).isEqualTo("Failed");
        JsonNode differences = JSON.readTree(results.resolve("differences").toFile());
        assertThat(differences.path("total").asInt()).isEqualTo(2);
        assertThat(differences.path("truncated").asBoolean()).isFalse();
        assertThat(differences.path("items").get(0).path("group").asText()).isEqualTo(kafka.orderProcessor);
        assertThat(differences.path("items").get(0).path("actual").asLong()).isEqualTo(77);
        assertThat(differences.path("items").get(1).path("actual").isNull()).isTrue();
        assertThat(differences.path("items").get(1).path("kind").asText()).isEqualTo("missing");

        CliRun.Result lenient = kafka.korb(
                "verify",
                "--consumer-groups",
                kafka.groups(),
                "--snapshot-id",
                "before-change",
                "--results-dir",
                results.toString());

        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        assertThat(lenient.out()).contains("2 differences from snapshot before-change");
        assertThat(Files.readString(results.resolve("phase"))).isEqualTo("Completed");
        assertThat(Files.readString(results.resolve("matched"))).isEqualTo("false");
    }

    @Test
    void jsonOutputListsTheDifferences() throws Exception {
        EmbeddedKafka.shared().commit(kafka.orderProcessor, Map.of(new TopicPartition(kafka.orders, 2), 99L));

        CliRun.Result result = kafka.korb(
                "verify", "--consumer-groups", kafka.orderProcessor, "--snapshot-id", "before-change", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.path("matched").asBoolean()).isFalse();
        assertThat(report.path("partitionsChecked").asInt()).isEqualTo(5);
        assertThat(report.path("differences")).hasSize(1);
        assertThat(report.path("differences").get(0).path("partition").asInt()).isEqualTo(2);
        assertThat(report.path("differences").get(0).path("expected").asLong()).isEqualTo(12);
    }

    @Test
    void verifyAfterRollbackMatches() throws Exception {
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        assertThat(kafka.korb(
                                "verify",
                                "--consumer-groups",
                                kafka.groups(),
                                "--snapshot-id",
                                "before-change",
                                "--strict")
                        .exitCode())
                .isEqualTo(3);

        assertThat(kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change")
                        .exitCode())
                .isZero();

        CliRun.Result verified =
                kafka.korb("verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change", "--strict");
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
    }
}
