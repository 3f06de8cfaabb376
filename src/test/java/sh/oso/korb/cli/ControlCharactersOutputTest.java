package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;

/**
 * Group ids and commit metadata are any text a client chose, terminal escape sequences included: the text output
 * shows them escaped, the JSON output exactly.
 */
class ControlCharactersOutputTest extends KafkaCommandTest {

    /** Turns the terminal's text red, sets its title, and rings the bell. */
    private static final String ESCAPES = "\u001b[31m\u001b]0;owned\u0007";

    private String group;
    private String metadata;

    @BeforeEach
    void commitWithEscapes() throws Exception {
        group = "evil" + ESCAPES + "-" + kafka.suffix;
        metadata = "meta" + ESCAPES + "\u009b2J\u202e";
        EmbeddedKafka.shared()
                .admin()
                .alterConsumerGroupOffsets(
                        group, Map.of(new TopicPartition(kafka.orders, 0), new OffsetAndMetadata(5, metadata)))
                .all()
                .get(30, TimeUnit.SECONDS);
        CliRun.Result snapshot = kafka.korb("snapshot", "--consumer-groups", group, "--snapshot-id", "escapes");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
    }

    @Test
    void showEscapesThemAndItsJsonKeepsThemExact() throws Exception {
        CliRun.Result text = kafka.korb("show", "--snapshot-id", "escapes");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out())
                .doesNotContain("\u001b")
                .doesNotContain("\u0007")
                .doesNotContain("\u009b")
                .doesNotContain("\u202e")
                .contains("evil\\u001b[31m\\u001b]0;owned\\u0007-" + kafka.suffix)
                .contains("meta\\u001b[31m\\u001b]0;owned\\u0007\\u009b2J\\u202e");

        JsonNode json = JSON.readTree(
                kafka.korb("show", "--snapshot-id", "escapes", "-o", "json").out());
        assertThat(json.path("groups").has(group)).isTrue();
        assertThat(json.path("groups")
                        .path(group)
                        .path("topics")
                        .path(kafka.orders)
                        .path("0")
                        .path("metadata")
                        .asText())
                .isEqualTo(metadata);
    }

    @Test
    void listAndTheErrorsThatNameThemEscapeThem() throws Exception {
        String stored = Files.readString(store.resolve("escapes.json"));
        Files.writeString(
                store.resolve("broken.json"),
                stored.replace("\"offset\":5", "\"offset\":-5").replaceAll(",\"digest\":\"[^\"]*\"", ""));

        CliRun.Result list = kafka.korb("list");
        CliRun.Result show = kafka.korb("show", "--snapshot-id", "broken");

        assertThat(list.out()).contains("unreadable").doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(show.exitCode()).as(show.toString()).isEqualTo(2);
        assertThat(show.err())
                .contains("/groups/evil\\u001b[31m\\u001b]0;owned\\u0007-" + kafka.suffix)
                .doesNotContain("\u001b")
                .hasLineCount(1);
    }

    @Test
    void aGroupNotInTheSnapshotIsNamedEscaped() {
        CliRun.Result rollback = kafka.korb(
                "rollback", "--consumer-groups", "other" + ESCAPES + "-" + kafka.suffix, "--snapshot-id", "escapes");

        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(2);
        assertThat(rollback.err())
                .contains("other\\u001b[31m\\u001b]0;owned\\u0007-" + kafka.suffix)
                .doesNotContain("\u001b");
    }

    @Test
    @SuppressWarnings("try") // the live consumer only has to exist while korb runs
    void aRefusalThatNamesAnActiveGroupEscapesItOnStderrAndInTheMessageResult() throws Exception {
        try (var live = EmbeddedKafka.shared().liveConsumer(group, "classic", kafka.orders)) {
            CliRun.Result rollback = kafka.korb(
                    "rollback",
                    "--consumer-groups",
                    group,
                    "--snapshot-id",
                    "escapes",
                    "--results-dir",
                    store.resolve("results").toString());

            assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(4);
            assertThat(rollback.err())
                    .contains("evil\\u001b[31m")
                    .doesNotContain("\u001b")
                    .doesNotContain("\u0007");
            assertThat(Files.readString(store.resolve("results/message")))
                    .contains("evil\\u001b[31m")
                    .doesNotContain("\u001b");
        }
    }
}
