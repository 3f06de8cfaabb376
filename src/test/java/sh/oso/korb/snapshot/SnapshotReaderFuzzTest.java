package sh.oso.korb.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.CorruptSnapshotException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.MalformedSnapshotException;

/**
 * Random and mutated documents never make the reader fail in an undocumented way: every outcome is a snapshot
 * (whose summary agrees with a full read) or a malformed or corrupted snapshot, in one printable line.
 */
class SnapshotReaderFuzzTest {

    private static final SnapshotId ID = SnapshotId.of("s1");
    private static final long SEED = 20241201L;
    private static final int CASES = 4_000;

    /** Pieces that reach the reader's corners: signs, leading zeros, escapes, duplicates, the digest field. */
    private static final List<String> TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            "\"",
            ":",
            ",",
            " ",
            "\n",
            "\"+1\"",
            "\"01\"",
            "\"-0\"",
            "\"0\"",
            "-1",
            "1e5",
            "1.5",
            "99999999999999999999",
            "null",
            "true",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"\\u001b[2J\"",
            "\"groups\":{}",
            "\"topics\":{}",
            "\"offset\":1",
            "\"digest\":\"sha256:00\"",
            "\"formatVersion\":2",
            "\"timestamp\":\"2024-13-01T00:00:00Z\"",
            "\u00ff",
            "\ufeff");

    @Test
    void everyOutcomeIsASnapshotOrADocumentedErrorInOneLine() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = List.of(written(), handWritten());
        for (int i = 0; i < CASES; i++) {
            byte[] document = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> randomTokens(random);
                default -> mutate(seeds.get(random.nextInt(seeds.size())), random);
            };
            check(i, document);
        }
    }

    @Test
    void everyTruncationIsADocumentedError() throws Exception {
        byte[] whole = written();
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = new byte[length];
            System.arraycopy(whole, 0, cut, 0, length);
            check(length, cut);
        }
    }

    @Test
    void otherEncodingsAndLongRunsOfWhitespace() throws Exception {
        String hand = new String(handWritten(), StandardCharsets.UTF_8);
        check(0, hand.getBytes(StandardCharsets.UTF_16BE));
        check(1, hand.getBytes(StandardCharsets.UTF_16LE));
        check(2, hand.getBytes("UTF-32BE"));
        check(3, ("\ufeff" + hand).getBytes(StandardCharsets.UTF_8));
        String stored = new String(written(), StandardCharsets.UTF_8);
        for (int kib : new int[] {1, 63, 64, 65, 200}) {
            String spaces = " ".repeat(kib * 1024);
            check(
                    kib,
                    stored.replace(",\"digest\"", spaces + "," + spaces + "\"digest\"")
                            .getBytes(StandardCharsets.UTF_8));
            check(kib, (spaces + stored + spaces).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void check(int index, byte[] document) {
        String shown = new String(document, 0, Math.min(document.length, 300), StandardCharsets.ISO_8859_1);
        Snapshot full;
        try {
            full = SnapshotReader.readAll(ID, "store/s1.json", new ByteArrayInputStream(document));
        } catch (MalformedSnapshotException | CorruptSnapshotException e) {
            assertDocumented(index, shown, e);
            assertSummaryFailsToo(index, shown, document);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("case " + index + ": undocumented " + e + " for " + shown, e);
        }
        SnapshotSummary summary = SnapshotReader.summarize(ID, "store/s1.json", new ByteArrayInputStream(document));
        assertThat(summary)
                .as("case %d: list counts what show reads, for %s", index, shown)
                .isEqualTo(full.summary());
    }

    private static void assertSummaryFailsToo(int index, String shown, byte[] document) {
        try {
            SnapshotReader.summarize(ID, "store/s1.json", new ByteArrayInputStream(document));
            fail("case " + index + ": summarized what could not be read: " + shown);
        } catch (MalformedSnapshotException | CorruptSnapshotException e) {
            assertDocumented(index, shown, e);
        }
    }

    private static void assertDocumented(int index, String shown, KorbException e) {
        assertThat(e.getMessage())
                .as("case %d: %s", index, shown)
                .startsWith("snapshot 's1' at store/s1.json ")
                .doesNotContainPattern("\\p{Cntrl}")
                .hasSizeLessThan(1_000);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] randomTokens(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(40); n > 0; n--) {
            text.append(TOKENS.get(random.nextInt(TOKENS.size())));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One to four edits: a byte changed, a range removed or repeated, a token inserted. */
    private static byte[] mutate(byte[] original, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : original) {
            bytes.add(b);
        }
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(bytes.size() + 1);
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (at < bytes.size()) {
                        bytes.set(at, (byte) random.nextInt(256));
                    }
                }
                case 1 -> {
                    int end = Math.min(bytes.size(), at + random.nextInt(20));
                    bytes.subList(at, end).clear();
                }
                case 2 -> {
                    int end = Math.min(bytes.size(), at + random.nextInt(40));
                    bytes.addAll(end, new ArrayList<>(bytes.subList(at, end)));
                }
                default -> {
                    byte[] token = TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8);
                    for (int k = token.length - 1; k >= 0; k--) {
                        bytes.add(at, token[k]);
                    }
                }
            }
        }
        byte[] mutated = new byte[bytes.size()];
        for (int k = 0; k < mutated.length; k++) {
            mutated[k] = bytes.get(k);
        }
        return mutated;
    }

    private static byte[] written() throws Exception {
        Snapshot snapshot = Snapshot.create(
                ID,
                Instant.parse("2024-12-01T12:00:00Z"),
                "kafka:9092",
                "cluster-1",
                Map.of("orders", new TopicState(Optional.of("b8tR"), new TreeMap<>(Map.of(0, new LogRange(0, 50))))),
                Map.of(
                        "g1",
                        GroupOffsets.of(Map.of(
                                new TopicPartition("orders", 0),
                                new PartitionOffset(7, "m", 1701432000000L, Optional.of(3), Optional.of(9L)),
                                new TopicPartition("orders", 1),
                                new PartitionOffset(8, "", 1701432000000L, Optional.empty()))),
                        "g2",
                        GroupOffsets.of(Map.of())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(snapshot, out);
        return out.toByteArray();
    }

    private static byte[] handWritten() {
        return ("{\"snapshotId\":\"s1\",\"timestamp\":\"2024-12-01T12:00:00Z\",\"cluster\":\"kafka:9092\","
                        + "\"groups\":{\"g\":{\"topics\":{\"orders\":{\"0\":{\"offset\":1000,\"metadata\":\"\","
                        + "\"timestamp\":1701432000000},\"1\":{\"offset\":2000}}}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
