package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

class RollbackCommandTest extends KafkaCommandTest {

    private Map<TopicPartition, Long> orderProcessorAtSnapshot;
    private Map<TopicPartition, Long> paymentHandlerAtSnapshot;

    @BeforeEach
    void setUp() throws Exception {
        kafka.snapshot("before-change");
        orderProcessorAtSnapshot = EmbeddedKafka.shared().committed(kafka.orderProcessor);
        paymentHandlerAtSnapshot = EmbeddedKafka.shared().committed(kafka.paymentHandler);
    }

    @Test
    void restoresOffsetsThatMovedForwardAndBackward() throws Exception {
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        TopicPartition p0 = new TopicPartition(kafka.payments, 0);
        TopicPartition p1 = new TopicPartition(kafka.payments, 1);
        EmbeddedKafka.shared().commit(kafka.paymentHandler, Map.of(p0, 3L, p1, 90L));

        CliRun.Result result =
                kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderProcessorAtSnapshot);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler))
                .isEqualTo(paymentHandlerAtSnapshot)
                .containsEntry(p0, 40L)
                .containsEntry(p1, 41L);
        assertThat(result.out()).contains("Rolled back 2 groups to snapshot before-change: 7 of 7 partitions changed");
    }

    @Test
    void rollsBackOnlyTheListedGroups() throws Exception {
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        Map<TopicPartition, Long> moved = movePaymentHandler();

        CliRun.Result result =
                kafka.korb("rollback", "--consumer-groups", kafka.orderProcessor, "--snapshot-id", "before-change");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderProcessorAtSnapshot);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(moved);
    }

    @Test
    void runningTheSameRollbackTwiceIsHarmless() throws Exception {
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        assertThat(kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change")
                        .exitCode())
                .isZero();

        CliRun.Result second =
                kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("0 of 7 partitions changed (already at the snapshot)");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderProcessorAtSnapshot);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(paymentHandlerAtSnapshot);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws Exception {
        Map<TopicPartition, Long> moved = kafka.offsets(60);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, moved);

        CliRun.Result result = kafka.korb(
                "rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "before-change", "--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(moved);
        assertThat(result.out())
                .contains("GROUP", "TOPIC", "PARTITION", "CURRENT", "TARGET")
                .containsPattern(kafka.orderProcessor + "\\s+" + kafka.orders + "\\s+0\\s+60\\s+10\\s+commit")
                .containsPattern(kafka.paymentHandler + "\\s+" + kafka.payments + "\\s+1\\s+41\\s+41\\s+unchanged")
                .contains("Dry run: 5 of 7 partitions in 2 groups would change; nothing was changed.");
    }

    @Test
    void dryRunAsJsonListsEveryPartition() throws Exception {
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));

        CliRun.Result result = kafka.korb(
                "rollback",
                "--consumer-groups",
                kafka.orderProcessor,
                "--snapshot-id",
                "before-change",
                "--dry-run",
                "-o",
                "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode plan = JSON.readTree(result.out());
        assertThat(plan.path("dryRun").asBoolean()).isTrue();
        assertThat(plan.path("changedPartitions").asInt()).isEqualTo(5);
        assertThat(plan.path("partitions")).hasSize(5);
        JsonNode first = plan.path("partitions").get(0);
        assertThat(first.path("current").asLong()).isEqualTo(60);
        assertThat(first.path("target").asLong()).isEqualTo(10);
    }

    @SuppressWarnings("try") // the live consumer only has to exist while korb runs
    @ParameterizedTest(name = "group protocol {0}")
    @ValueSource(strings = {"classic", "consumer"})
    void refusesEverythingWhenOneGroupHasALiveConsumer(String protocol) throws Exception {
        Map<TopicPartition, Long> orderMoved = kafka.offsets(60);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, orderMoved);
        Map<TopicPartition, Long> paymentMoved = movePaymentHandler();

        try (KafkaConsumer<String, String> live =
                EmbeddedKafka.shared().liveConsumer(kafka.paymentHandler, protocol, kafka.payments)) {
            CliRun.Result result = kafka.korb(
                    "rollback",
                    "--consumer-groups",
                    kafka.groups(),
                    "--snapshot-id",
                    "before-change",
                    "--results-dir",
                    store.resolve("results").toString());

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.err())
                    .contains("refusing to roll back")
                    .contains(kafka.paymentHandler)
                    .contains("live-" + kafka.paymentHandler)
                    .contains("nothing was changed")
                    .doesNotContain(kafka.orderProcessor + " (");
            assertThat(Files.readString(store.resolve("results/phase"))).isEqualTo("Failed");
        }
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(orderMoved);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(paymentMoved);
    }

    @Test
    void aGroupThatIsNotInTheSnapshotIsRefused() throws Exception {
        Map<TopicPartition, Long> moved = kafka.offsets(60);
        EmbeddedKafka.shared().commit(kafka.orderProcessor, moved);

        CliRun.Result result = kafka.korb(
                "rollback", "--consumer-groups", kafka.orderProcessor + ",stranger", "--snapshot-id", "before-change");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("consumer group(s) stranger are not in snapshot 'before-change'");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(moved);
    }

    @Test
    void aMissingSnapshotFailsWithExitOne() {
        CliRun.Result result = kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("snapshot 'nope' not found at " + store.resolve("nope.json"));
    }

    @Test
    void rollsBackAHandWrittenSnapshotInTheReferencesMinimalForm() throws Exception {
        // The reference's "Snapshot Format" example, with this test's topic and group names.
        String handWritten = """
                {
                  "snapshotId": "pre-migration-20241201",
                  "timestamp": "2024-12-01T12:00:00Z",
                  "cluster": "kafka:9092",
                  "groups": {
                    "order-processor": {
                      "topics": {
                        "orders": {
                          "0": {"offset": 1000, "metadata": "", "timestamp": 1701432000000},
                          "1": {"offset": 2000, "metadata": "", "timestamp": 1701432000000}
                        },
                        "payments": {
                          "0": {"offset": 500, "metadata": "", "timestamp": 1701432000000}
                        }
                      }
                    },
                    "payment-handler": {
                      "topics": {
                        "payments": {
                          "0": {"offset": 500, "metadata": "", "timestamp": 1701432000000}
                        }
                      }
                    }
                  }
                }
                """.replace("order-processor", kafka.orderProcessor)
                .replace("payment-handler", kafka.paymentHandler)
                .replace("\"orders\"", "\"" + kafka.orders + "\"")
                .replace("\"payments\"", "\"" + kafka.payments + "\"");
        Files.writeString(store.resolve("pre-migration-20241201.json"), handWritten);
        // Enough records that the reference's offsets are inside the logs, so they are restored as written.
        EmbeddedKafka.shared().produce(kafka.orders, 2, 2000);
        EmbeddedKafka.shared().produce(kafka.payments, 1, 500);

        CliRun.Result result =
                kafka.korb("rollback", "--consumer-groups", kafka.groups(), "--snapshot-id", "pre-migration-20241201");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor))
                .containsEntry(new TopicPartition(kafka.orders, 0), 1000L)
                .containsEntry(new TopicPartition(kafka.orders, 1), 2000L)
                .containsEntry(new TopicPartition(kafka.payments, 0), 500L)
                // not in the snapshot: left where it was
                .containsEntry(new TopicPartition(kafka.orders, 2), 12L);
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler))
                .containsEntry(new TopicPartition(kafka.payments, 0), 500L);

        CliRun.Result verified = kafka.korb(
                "verify", "--consumer-groups", kafka.groups(), "--snapshot-id", "pre-migration-20241201", "--strict");
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
    }

    private Map<TopicPartition, Long> movePaymentHandler() throws Exception {
        Map<TopicPartition, Long> moved =
                Map.of(new TopicPartition(kafka.payments, 0), 70L, new TopicPartition(kafka.payments, 1), 71L);
        EmbeddedKafka.shared().commit(kafka.paymentHandler, moved);
        return moved;
    }
}
