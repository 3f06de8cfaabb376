package sh.oso.korb.resetfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.error.InvalidInputException;

/** The two file forms reset --from-file reads, and the one-line errors that name what is wrong and where. */
class ResetFileTest {

    @TempDir
    Path dir;

    @Test
    void kafkasCsvForOneGroupIsForTheOneListedGroup() throws Exception {
        Path file = write("orders,0,10\r\norders,1,11\n\n");

        assertThat(ResetFile.read(file, List.of("g")))
                .isEqualTo(Map.of("g", Map.of(tp("orders", 0), 10L, tp("orders", 1), 11L)));
        assertThatThrownBy(() -> ResetFile.read(file, List.of("g", "h")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 1 names no group (topic,partition,offset) but 2 groups are listed");
    }

    @Test
    void kafkasCsvForSeveralGroupsKeepsQuotedGroupIdsWhole() throws Exception {
        Path file = write("\"team,a\",orders,0,10\nb,orders,0,20\n");

        assertThat(ResetFile.read(file, List.of("team,a", "b")))
                .isEqualTo(Map.of("team,a", Map.of(tp("orders", 0), 10L), "b", Map.of(tp("orders", 0), 20L)));
    }

    @Test
    void theMappingJsonOfTheResourceIsReadByGroupTopicAndPartition() throws Exception {
        Path file = write("{\"groups\":{\"g\":{\"orders\":{\"0\":1000,\"1\":2000},\"payments\":{\"0\":500}}}}");

        assertThat(ResetFile.read(file, List.of("g")))
                .isEqualTo(
                        Map.of("g", Map.of(tp("orders", 0), 1000L, tp("orders", 1), 2000L, tp("payments", 0), 500L)));
    }

    @Test
    void eachMalformedInputIsNamedWithItsLine() throws Exception {
        assertRefused("orders,0,10\norders,0\n", "line 2 has 2 field(s)");
        assertRefused("orders,0,10\ng,orders,1,10\n", "line 2 has 4 fields but earlier lines have 3");
        assertRefused("orders,-1,10\n", "line 1 has partition '-1'");
        assertRefused("orders,0,ten\n", "line 1 has offset 'ten'");
        assertRefused("orders,0,10\norders,0,11\n", "line 2 gives g orders-0 offset 11, but");
        assertRefused(",0,10\n", "line 1 has an empty topic name");
        assertRefused("\n\n", "holds no offsets");
        assertRefused("{\"groups\":[]}", "has no \"groups\" object");
        assertRefused("{\"groups\":{\"g\":{\"orders\":{\"x\":1}}}}", "at groups.g.orders.x has partition 'x'");
        assertRefused("{\"groups\":{\"g\":{\"orders\":{\"0\":1.5}}}}", "at groups.g.orders.0 is 1.5");
        assertRefused("{\"groups\":", "is not valid JSON");
    }

    @Test
    void anUnreadableFileIsNamed() {
        Path missing = dir.resolve("missing.csv");

        assertThatThrownBy(() -> ResetFile.read(missing, List.of("g")))
                .hasMessageContaining("--from-file " + missing + " cannot be read");
    }

    private void assertRefused(String content, String message) throws Exception {
        Path file = write(content);
        assertThatThrownBy(() -> ResetFile.read(file, List.of("g")))
                .as(content)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message)
                .hasMessageEndingWith("nothing was changed");
    }

    private Path write(String content) throws Exception {
        Path file = Files.createTempFile(dir, "offsets", ".txt");
        Files.writeString(file, content);
        return file;
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
