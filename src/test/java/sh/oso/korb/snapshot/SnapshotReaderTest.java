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
import sh.oso.korb.error.KorbException;
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

    /** How the groups were chosen goes in and out; a snapshot of listed groups, old ones included, has none. */
    @Test
    void writesAndReadsBackTheGroupSelection() throws Exception {
        for (GroupSelection selection :
                new GroupSelection[] {GroupSelection.ALL_GROUPS, GroupSelection.matching("o.*")}) {
            Snapshot original = Snapshot.create(
                            ID, Instant.parse("2024-12-01T12:00:00Z"), "k", null, Map.of(), Map.of())
                    .withGroupSelection(Optional.of(selection));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotWriter.write(original, out);

            assertThat(SnapshotReader.readAll(ID, "", new ByteArrayInputStream(out.toByteArray())))
                    .isEqualTo(original);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains(
                            selection.allGroups()
                                    ? "\"groupSelection\":{\"allGroups\":true}"
                                    : "\"groupSelection\":{\"pattern\":\"o.*\"}");
        }
        assertThat(read("{\"groups\":{}}").groupSelection()).isEmpty();
    }

    @Test
    void groupNamesAreReadWithoutTheirOffsets() {
        String json = "{\"groups\":{\"b\":{\"topics\":{\"t\":{\"0\":{\"offset\":2}}}},\"a\":{}}}";

        assertThat(SnapshotReader.groupNames(ID, "", bytes(json))).containsExactly("a", "b");
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
                "negative offset|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":-1}}}}}}|value is out of range: 0 to",
                "partition not a number|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"x\":{\"offset\":1}}}}}}|partition key 'x'",
                "no offset|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"metadata\":\"\"}}}}}}|a partition has no 'offset'",
                "bad timestamp|{\"timestamp\":\"yesterday\",\"groups\":{}}|not an ISO-8601 date-time",
                "newer format|{\"formatVersion\":99,\"groups\":{}}|upgrade korb",
                "trailing content|{\"groups\":{}} {}|unexpected content after the snapshot object",
                "selection false|{\"groupSelection\":{\"allGroups\":false},\"groups\":{}}|'allGroups' must be true",
                "selection both|{\"groupSelection\":{\"allGroups\":true,\"pattern\":\"a\"},\"groups\":{}}|either 'allGroups' or 'pattern'",
                "selection empty|{\"groupSelection\":{},\"groups\":{}}|either 'allGroups' or 'pattern'",
                "selection not an object|{\"groupSelection\":true,\"groups\":{}}|'groupSelection' must be a JSON object",
                "pattern not a string|{\"groupSelection\":{\"pattern\":1},\"groups\":{}}|/groupSelection/pattern",
                "pattern invalid|{\"groupSelection\":{\"pattern\":\"orders-(\"},\"groups\":{}}|'pattern' is not a valid regular expression: Unclosed group",
                "too deep|{\"groups\":{\"g\":{\"x\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}}|not valid JSON",
            })
    void malformedSnapshotsGiveAClearError(String name, String json, String expected) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageStartingWith("snapshot 's1' ")
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "plus sign|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"+1\":{\"offset\":1}}}}}}|/groups/g/topics/t/+1|not a partition number",
                "leading zero|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"01\":{\"offset\":1}}}}}}|/groups/g/topics/t/01|not a partition number",
                "minus zero|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"-0\":{\"offset\":1}}}}}}|/groups/g/topics/t/-0|not a partition number",
                "space|{\"groups\":{\"g\":{\"topics\":{\"t\":{\" 1\":{\"offset\":1}}}}}}|/groups/g/topics/t/ 1|not a partition number",
                "log range|{\"topics\":{\"t\":{\"partitions\":{\"+0\":{}}}},\"groups\":{}}|/topics/t/partitions/+0|not a partition number",
                "group twice|{\"groups\":{\"g\":{},\"h\":{},\"g\":{}}}|/groups/g|appears twice",
                "topic twice|{\"groups\":{\"g\":{\"topics\":{\"t\":{},\"t\":{}}}}}|/groups/g/topics/t|appears twice",
                "partition twice|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"1\":{\"offset\":1},\"1\":{\"offset\":2}}}}}}|/groups/g/topics/t/1|appears twice",
                "field twice|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"1\":{\"offset\":1,\"offset\":2}}}}}}|/groups/g/topics/t/1/offset|appears twice",
                "groups twice|{\"groups\":{},\"groups\":{\"g\":{}}}|/groups|appears twice",
                "unknown field twice|{\"x\":{\"y\":1,\"y\":2},\"groups\":{}}|/x/y|appears twice",
            })
    void whatALenientReaderWouldGuessIsRefusedNamingThePath(String name, String json, String path, String problem) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageContaining("at " + path + " ")
                .hasMessageContaining(problem);
    }

    @Test
    void listCountsWhatShowReads() {
        String json = "{\"groups\":{\"a\":{},\"b\":{},\"a\":{}}}";

        assertThatThrownBy(() -> SnapshotReader.summarize(ID, "", bytes(json)))
                .isInstanceOf(MalformedSnapshotException.class);
        assertThatThrownBy(() -> read(json)).isInstanceOf(MalformedSnapshotException.class);
    }

    @Test
    void muchWhitespaceBeforeTheDigestIsMalformedNotAnInternalError() {
        String json = "{\"groups\":{}," + " ".repeat(70 * 1024) + "\"digest\":\"sha256:00\"}";

        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageContaining("/digest")
                .hasMessageContaining("whitespace");
    }

    @Test
    void whitespaceBeforeTheDigestIsNotPartOfTheContent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(Snapshot.create(ID, Instant.EPOCH, "k", null, Map.of(), Map.of()), out);
        String written = out.toString(StandardCharsets.UTF_8);
        String spaced = written.replace(",\"digest\"", "," + " ".repeat(60 * 1024) + "\n\"digest\"");

        assertThat(read(spaced).cluster()).isEqualTo("k");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a bare word|hunter2-secret",
                "a string|\"hunter2-secret\"",
                "a word after a field|{\"groups\": hunter2-secret}",
                "a number|{\"groups\":{},\"formatVersion\":123456789123456789123456789}",
                "a string value|{\"timestamp\":\"hunter2-secret\",\"groups\":{}}",
                "an unquoted key|{hunter2-secret: 1}",
                "a huge number|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":1234567891234567891234567891234567}}}}}}",
                "a negative offset|{\"groups\":{\"g\":{\"topics\":{\"t\":{\"0\":{\"offset\":-123456789}}}}}}",
                "a digest|{\"groups\":{},\"digest\":\"hunter2-secret\"}",
            })
    void errorsNeverQuoteTheContent(String name, String json) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(KorbException.class)
                .hasMessageStartingWith("snapshot 's1' ")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("123456789");
    }

    @Test
    void controlCharactersInThePathAreEscaped() {
        String json = "{\"groups\":{\"g\\u001b[31m\":{\"topics\":{\"t\":{\"x\":{\"offset\":1}}}}}}";

        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageContaining("/groups/g\\u001b[31m/topics/t/x")
                .hasMessageNotContaining("\u001b");
    }

    private static ByteArrayInputStream bytes(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
