package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.oso.korb.api.ReferenceExamples;
import sh.oso.korb.error.CorruptSnapshotException;
import sh.oso.korb.error.MalformedSnapshotException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.error.SnapshotNotFoundException;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.LogRange;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotSummary;
import sh.oso.korb.snapshot.TopicState;

/**
 * What every snapshot store promises, run against each store's real (or closest available) server: a
 * subclass opens an empty store for each test.
 */
abstract class SnapshotStoreContract {

    /** The longest prefix korb accepts, in segments as prefixes usually are: every id must still fit. */
    static final String LONGEST_PREFIX =
            "offsets/".repeat(StorageConfig.MAX_PREFIX_BYTES / 8) + "x".repeat(StorageConfig.MAX_PREFIX_BYTES % 8);

    private SnapshotStore store;
    private SnapshotRepository snapshots;

    /** An empty store, on the store's own server. */
    protected abstract SnapshotStore openEmptyStore() throws Exception;

    /** For stores with a key prefix: an empty store under the longest prefix korb accepts. */
    protected Optional<SnapshotStore> openEmptyStoreWithLongestPrefix() throws Exception {
        return Optional.empty();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = openEmptyStore();
        snapshots = new SnapshotRepository(store);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected SnapshotStore store() {
        return store;
    }

    static Snapshot sample(String id, long base) {
        Map<TopicPartition, PartitionOffset> orders = Map.of(
                new TopicPartition("orders", 0), new PartitionOffset(base, "", 1701432000000L, Optional.of(3)),
                new TopicPartition("orders", 1),
                        new PartitionOffset(
                                base + 1, "m", 1701432000000L, Optional.empty(), Optional.of(1701431999000L)),
                new TopicPartition("payments", 0), new PartitionOffset(base + 2, "", 1701432000000L, Optional.empty()));
        return Snapshot.create(
                SnapshotId.of(id),
                Instant.parse("2024-12-01T12:00:00Z"),
                "kafka:9092",
                "cluster-1",
                Map.of(
                        "orders",
                        new TopicState(
                                Optional.of("b8tRS7h4TJ2Vt43Dp85v2A"),
                                new TreeMap<>(Map.of(0, new LogRange(0, 5000), 1, new LogRange(7, 5000))))),
                Map.of(
                        "order-processor",
                        GroupOffsets.of(orders),
                        "payment-handler",
                        GroupOffsets.of(Map.of(
                                new TopicPartition("payments", 0),
                                new PartitionOffset(base + 3, "", 1701432000000L, Optional.empty())))));
    }

    private String raw(SnapshotId id) {
        return store.read(id, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private void replaceRaw(SnapshotId id, String content) {
        store.write(id, out -> out.write(content.getBytes(StandardCharsets.UTF_8)), SnapshotStore.WriteMode.REPLACE);
    }

    @Test
    void roundTrip() {
        Snapshot snapshot = sample("round-trip", 100);

        snapshots.save(snapshot, false);

        assertThat(snapshots.load(snapshot.id())).isEqualTo(snapshot);
        assertThat(store.exists(snapshot.id())).isTrue();
    }

    @Test
    void aSecondCreateOfTheSameIdIsRefusedAndKeepsTheFirst() {
        Snapshot first = sample("taken", 100);
        snapshots.save(first, false);

        assertThatThrownBy(() -> snapshots.save(sample("taken", 999), false))
                .isInstanceOf(SnapshotExistsException.class)
                .hasMessageContaining(store.locationOf(first.id()));
        assertThat(snapshots.load(first.id())).isEqualTo(first);
    }

    @Test
    void overwriteReplaces() {
        snapshots.save(sample("replaced", 100), false);
        Snapshot second = sample("replaced", 500);

        snapshots.save(second, true);

        assertThat(snapshots.load(second.id())).isEqualTo(second);
    }

    @Test
    void holdsTheLongestIdCreatedAndOverwritten() {
        // The undo snapshot of a rollback and every temporary name derived from an id must fit as well: the
        // undo id is cut to this length too.
        String longest = "a".repeat(SnapshotId.MAX_LENGTH - 1) + "z";
        snapshots.save(sample(longest, 100), false);
        Snapshot replacement = sample(longest, 200);

        snapshots.save(replacement, true);

        assertThat(snapshots.load(replacement.id())).isEqualTo(replacement);
        assertThat(store.list()).extracting(StoredSnapshot::id).containsExactly(replacement.id());
    }

    @Test
    void theLongestPrefixHoldsTheLongestId() throws Exception {
        Optional<SnapshotStore> prefixed = openEmptyStoreWithLongestPrefix();
        assumeTrue(prefixed.isPresent(), "this store has no prefix");
        try (SnapshotStore store = prefixed.get()) {
            SnapshotRepository repository = new SnapshotRepository(store);
            Snapshot longest = sample("b".repeat(SnapshotId.MAX_LENGTH), 1);

            repository.save(longest, false);

            assertThat(repository.load(longest.id())).isEqualTo(longest);
            assertThat(store.list()).extracting(StoredSnapshot::id).containsExactly(longest.id());
        }
    }

    @Test
    void listsIdsWithSizesAndSummaries() {
        for (String id : List.of("c-snapshot", "a-snapshot", "b-snapshot")) {
            snapshots.save(sample(id, 1), false);
        }

        List<StoredSnapshot> listed = store.list();

        assertThat(listed)
                .extracting(stored -> stored.id().value())
                .containsExactly("a-snapshot", "b-snapshot", "c-snapshot");
        SnapshotId a = SnapshotId.of("a-snapshot");
        assertThat(listed.get(0).size()).isEqualTo(raw(a).getBytes(StandardCharsets.UTF_8).length);
        assertThat(snapshots.summary(a)).isEqualTo(new SnapshotSummary(a, Instant.parse("2024-12-01T12:00:00Z"), 2, 4));
    }

    @Test
    void deletesAndReportsAMissingSnapshot() {
        Snapshot snapshot = sample("to-delete", 1);
        snapshots.save(snapshot, false);
        snapshots.save(sample("kept", 1), false);

        snapshots.delete(snapshot.id());

        assertThat(store.exists(snapshot.id())).isFalse();
        assertThat(store.list()).extracting(stored -> stored.id().value()).containsExactly("kept");
        assertThatThrownBy(() -> snapshots.delete(snapshot.id()))
                .isInstanceOf(SnapshotNotFoundException.class)
                .hasMessageContaining(store.locationOf(snapshot.id()));
        assertThatThrownBy(() -> snapshots.load(snapshot.id())).isInstanceOf(SnapshotNotFoundException.class);
    }

    @Test
    void corruptedContentIsDetectedNamingTheStoreAndKey() {
        Snapshot snapshot = sample("corrupted", 100);
        snapshots.save(snapshot, false);
        String stored = raw(snapshot.id());
        assertThat(stored).contains("\"offset\":100,");

        replaceRaw(snapshot.id(), stored.replace("\"offset\":100,", "\"offset\":109,"));

        assertThatThrownBy(() -> snapshots.load(snapshot.id()))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("snapshot 'corrupted' at " + store.locationOf(snapshot.id()) + " is corrupted");
        assertThatThrownBy(() -> snapshots.loadGroups(snapshot.id(), List.of("payment-handler")))
                .as("even when the changed group is not the one being read")
                .isInstanceOf(CorruptSnapshotException.class);
    }

    @Test
    void truncatedContentIsMalformedNamingTheStoreAndKey() {
        Snapshot snapshot = sample("truncated", 100);
        snapshots.save(snapshot, false);
        String stored = raw(snapshot.id());

        replaceRaw(snapshot.id(), stored.substring(0, stored.length() / 2));

        assertThatThrownBy(() -> snapshots.load(snapshot.id()))
                .isInstanceOf(MalformedSnapshotException.class)
                .hasMessageContaining(store.locationOf(snapshot.id()));
    }

    @Test
    void concurrentWritersOfDifferentIdsAllSurvive() throws Exception {
        int writers = 32;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Snapshot snapshot = sample(String.format("writer-%02d", i), i);
            done.add(pool.submit(() -> {
                start.await();
                snapshots.save(snapshot, false);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();

        assertThat(store.list()).hasSize(writers);
        for (int i = 0; i < writers; i++) {
            assertThat(snapshots.load(SnapshotId.of(String.format("writer-%02d", i))))
                    .isEqualTo(sample(String.format("writer-%02d", i), i));
        }
    }

    @Test
    void aHandWrittenReferenceFormatSnapshotIsReadable() throws Exception {
        SnapshotId id = SnapshotId.of("pre-migration-20241201");
        byte[] handWritten = ReferenceExamples.snapshot();
        store.write(id, out -> out.write(handWritten), SnapshotStore.WriteMode.CREATE);

        Snapshot snapshot = snapshots.load(id);

        assertThat(snapshot.totalPartitions()).isEqualTo(4);
        assertThat(snapshot.groups()).containsOnlyKeys("order-processor", "payment-handler");
    }
}
