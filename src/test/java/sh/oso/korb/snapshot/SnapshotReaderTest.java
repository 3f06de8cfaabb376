package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.oso.korb.error.MalformedSnapshotException;

class SnapshotReaderTest {

    private static final SnapshotId ID = SnapshotId.of("s1");

    private static Snapshot read(String json) {
        return SnapshotReader.readAll(ID, "", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesAndReadsBackEveryField() throws Exception {
        TopicPartition orders1 = new TopicPartition("orders", 1);
        Snapshot original = Snapshot.create(
                ID,
                Instant.parse("2024-12-01T12:00:00Z"),
                "kafka:9092",
                "abc",
                Map.of(
                        "orders",
                        new TopicState(
                                Optional.of("topic-id"),
                                new TreeMap<>(Map.of(0, new LogRange(0, 10), 1, new LogRange(3, 12))))),
                Map.of(
                        "g1",
                        GroupOffsets.of(Map.of(
                                orders1,
                                new PartitionOffset(7, "meta\"data", 1701432000000L, Optional.of(3), Optional.of(99L)),
                                new TopicPartition("orders", 0),
                                new PartitionOffset(5, "", 1701432000000L, Optional.empty()))),
                        "g2",
                        GroupOffsets.of(Map.of())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(original, out);

        Snapshot copy = SnapshotReader.readAll(ID, "", new ByteArrayInputStream(out.toByteArray()));

        assertThat(copy).isEqualTo(original);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith(
                        "{\"formatVersion\":1,\"snapshotId\":\"s1\",\"timestamp\":\"2024-12-01T12:00:00Z\",\"cluster\":\"kafka:9092\"");
    }

    @Test
    void readsTheMinimalHandWrittenForm() {
        Snapshot snapshot = read("{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":42}}}}}}");

        assertThat(snapshot.formatVersion()).isEqualTo(1);
        assertThat(snapshot.groups().get("g").partitions().get(new TopicPartition("t", 0)))
                .isEqualTo(new PartitionOffset(42, "", 0, Optional.empty()));
    }

    @Test
    void keepsOnlyTheGroupsAskedForAndSkipsUnknownFields() {
        String json = "{\"future\":{\"nested\":[1,2]},\"groups\":{\"a\":{\"topics\":{\"t\":{\"0\":{\"offset\":1,"
                + "\"recordTimestamp\":5}}}},\"b\":{\"topics\":{\"t\":{\"0\":{\"offset\":2}}}}}}";

        Snapshot snapshot = SnapshotReader.read(
                ID, "", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Set.of("b")::contains);

        assertThat(snapshot.groups()).containsOnlyKeys("b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json|{groups: 1}|not valid JSON",
                "no groups|{\"snapshotId\":\"s1\"}|has no 'groups' object",
                "groups is an array|{\"groups\":[]}|'groups' must be a JSON object but is an array",
                "offset is text|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":\"12\"}}}}}}|/groups/g/topics/t/0/offset",
                "negative offset|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":-1}}}}}}|value -1 is out of range",
                "partition not a number|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"x\":{\"offset\":1}}}}}}|partition key 'x'",
                "no offset|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"metadata\":\"\"}}}}}}|a partition has no 'offset'",
                "bad timestamp|{\"timestamp\":\"yesterday\",\"groups\":{}}|not an ISO-8601 date-time",
                "newer format|{\"formatVersion\":99,\"groups\":{}}|upgrade korb",
                "trailing content|{\"groups\":{}} {}|unexpected content after the snapshot object",
                "too deep|{\"groups\":{\"g\":{\"x\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}}|not valid JSON",
            })
    void malformedSnapshotsGiveAClearError(String name, String json, String expected) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageStartingWith("snapshot 's1' ")
                .hasMessageContaining(expected);
    }
}
