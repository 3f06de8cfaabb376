package sh.oso.korb.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.UndoOf;
import sh.oso.korb.storage.DirectorySnapshotStore;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Undo snapshots named after a run id tell no time, and sort after every timestamped one: the history orders them by
 * their own timestamps, so the newest run of a rollback decides whichever way it was named.
 */
class RollbackHistoryTest {

    private static final SnapshotId BEFORE = SnapshotId.of("before");
    private static final List<String> GROUPS = List.of("orders", "payments");

    @TempDir
    Path directory;

    private SnapshotRepository snapshots;
    private RollbackHistory history;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        snapshots = new SnapshotRepository(new DirectorySnapshotStore(directory));
        history = new RollbackHistory(snapshots, BEFORE, GROUPS);
    }

    @Test
    void anUnfinishedRunNamedAfterItsRunIdIsFoundBesideOlderTimestampedOnes() {
        SnapshotId older = save("before-undo-20241201T120000Z", "2024-12-01T12:00:00Z", true);
        SnapshotId newer =
                save(RollbackOperation.undoId(BEFORE, new RunId("run-2")).value(), "2024-12-01T13:00:00Z", false);

        assertThat(history.unfinished(warnings::add).map(Snapshot::id))
                .contains(newer)
                .isNotEqualTo(Optional.of(older));
    }

    @Test
    void aNewerFinishedTimestampedRunOutranksAnOlderUnfinishedOneNamedAfterItsRunId() {
        save(RollbackOperation.undoId(BEFORE, new RunId("run-1")).value(), "2024-12-01T12:00:00Z", false);
        save("before-undo-20241201T130000Z", "2024-12-01T13:00:00Z", true);

        assertThat(history.unfinished(warnings::add)).isEmpty();
    }

    @Test
    void theNewestOfSeveralRunIdsDecides() {
        save(RollbackOperation.undoId(BEFORE, new RunId("run-1")).value(), "2024-12-01T12:00:00Z", true);
        SnapshotId newest =
                save(RollbackOperation.undoId(BEFORE, new RunId("run-2")).value(), "2024-12-01T14:00:00Z", false);
        save(RollbackOperation.undoId(BEFORE, new RunId("run-3")).value(), "2024-12-01T13:00:00Z", true);
        save("before-undo-20241201T110000Z", "2024-12-01T11:00:00Z", false);

        assertThat(history.unfinished(warnings::add).map(Snapshot::id)).contains(newest);
    }

    @Test
    void everyUndoSnapshotNamedAfterARunIdIsReadAndTheNewestByItsTimestampDecides() {
        // as the Tasks and templates run rollbacks: every one with a run id; ids sort in no order of time
        List<SnapshotId> byId = IntStream.range(0, 25)
                .mapToObj(run -> RollbackOperation.undoId(BEFORE, new RunId("run-" + run)))
                .sorted(Comparator.comparing(SnapshotId::value))
                .toList();
        Instant start = Instant.parse("2024-12-01T12:00:00Z");
        for (int i = 0; i < byId.size(); i++) {
            // every run stopped half-way but the newest, the last by id (beyond any 20 of them sorted by id)
            save(byId.get(i).value(), start.plusSeconds(60L * i).toString(), i == byId.size() - 1);
        }

        assertThat(history.unfinished(warnings::add)).isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void warnsWhenThereAreMoreUndoSnapshotsNamedAfterARunIdThanItReads() {
        for (int run = 0; run <= RollbackHistory.RUN_NAMED_READ_AT_MOST; run++) {
            save(RollbackOperation.undoId(BEFORE, new RunId("run-" + run)).value(), "2024-12-01T12:00:00Z", true);
        }

        assertThat(history.unfinished(warnings::add)).isEmpty();
        assertThat(warnings)
                .containsExactly("the store holds 1001 undo snapshots of 'before' named after a run id; only 1000"
                        + " were read to find an unfinished earlier run of this rollback, so it may be missed: delete"
                        + " the undo snapshots you no longer need");
    }

    @Test
    void anUndoIdDerivedFromARunIdKeepsThePrefixAndFitsForTheLongestSnapshotId() {
        SnapshotId longest = SnapshotId.of("s".repeat(SnapshotId.MAX_LENGTH));
        RunId run = new RunId("x".repeat(RunId.MAX_LENGTH));

        SnapshotId undo = RollbackOperation.undoId(longest, run);

        assertThat(undo.value())
                .startsWith(RollbackOperation.undoPrefix(longest))
                .endsWith("-undo-r" + run.digest());
        assertThat(undo.value().length()).isLessThanOrEqualTo(SnapshotId.MAX_LENGTH);
        assertThat(RollbackOperation.undoId(longest, new RunId("y"))).isNotEqualTo(undo);
        assertThat(RollbackOperation.undoId(BEFORE, run).value()).isEqualTo("before-undo-r" + run.digest());
    }

    private SnapshotId save(String id, String timestamp, boolean finished) {
        UndoOf rollback = UndoOf.started(BEFORE, GROUPS, Optional.empty());
        Snapshot undo = Snapshot.create(
                        SnapshotId.of(id), Instant.parse(timestamp), "kafka:9092", "c", Map.of(), Map.of())
                .withUndoOf(finished ? rollback.asFinished() : rollback);
        snapshots.save(undo, false);
        return undo.id();
    }
}
