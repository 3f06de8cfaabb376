package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.kafka.GroupCommit;
import sh.oso.korb.kafka.GroupCommit.Status;
import sh.oso.korb.operation.Decision;
import sh.oso.korb.operation.Drift;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackOutcome;
import sh.oso.korb.operation.RollbackPlan;
import sh.oso.korb.operation.RollbackSurvey;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.PartitionOffset;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.UndoOf;

/**
 * However many groups end however many ways, with names and ids however long, the message of a rollback that did
 * not finish fits its result and keeps the counts, the undo snapshot and what to do.
 */
class RollbackReportTest {

    private static final Status[] ENDS = {
        Status.COMMITTED, Status.ACTIVE_NOW, Status.FAILED, Status.UNKNOWN, Status.NOT_ATTEMPTED
    };

    @ParameterizedTest(name = "ids of {0} characters")
    @ValueSource(ints = {20, 120, SnapshotId.MAX_LENGTH})
    void theMessageOfTenThousandGroupsEndingEveryWayFitsAndKeepsTheEssentials(int idLength) {
        RollbackReport report = report(
                idLength, 10_000, i -> String.format("%05d-<group-with-a-long-\"name\">-%s", i, "g".repeat(200)), ENDS);

        KorbException failure = report.failure();

        assertThat(failure.resultMessage())
                .contains("2000 of 10000 groups rolled back")
                .contains("not rolled back: 2000")
                .contains("uncertain: 2000")
                .contains("not attempted: 2000")
                .contains("u".repeat(idLength))
                .contains("run it again");
        assertThat(Results.bounded(failure.resultMessage())).as("kept whole").doesNotEndWith("...");
        assertThat(failure.exitCode().code()).isEqualTo(1);
    }

    @ParameterizedTest(name = "ids of {0} characters")
    @ValueSource(ints = {20, 120, SnapshotId.MAX_LENGTH})
    void groupNamesThatGrowWhenEscapedStillLeaveTheUndoSnapshotAndTheRemedyInTheMessage(int idLength) {
        // U+202E (right-to-left override) takes 3 bytes as UTF-8 and 6 once escaped as \u202E
        RollbackReport report =
                report(idLength, 300, i -> i + "\u202E".repeat(20), new Status[] {Status.COMMITTED, Status.UNKNOWN});

        String message = Results.bounded(report.failure().resultMessage());

        assertThat(message).doesNotEndWith("...").contains("u".repeat(idLength)).contains("run it again");
    }

    @ParameterizedTest(name = "ids of {0} characters")
    @ValueSource(ints = {20, 120, SnapshotId.MAX_LENGTH})
    void aCompletedRerunNamesTheEarlierRunsUndoSnapshotWhateverTheIdsLength(int idLength) {
        RollbackReport report = report(idLength, 10, i -> "group-" + i, new Status[] {Status.COMMITTED});

        String message = Results.bounded(report.completed());

        assertThat(message)
                .as("kept whole")
                .doesNotEndWith("...")
                .startsWith("Rolled back 10 groups")
                .contains("undo it all with --snapshot-id " + "e".repeat(idLength));
    }

    /**
     * A rollback of {@code count} groups to a snapshot {@code s...}, the groups ending in turn as {@code ends} says,
     * with its undo snapshot {@code u...} and an earlier unfinished run's {@code e...}.
     */
    @ParameterizedTest
    @ValueSource(ints = {6, SnapshotId.MAX_LENGTH})
    void aRefusedRetryKeepsTheWayBackFromItsFirstAttemptInTheMessageWhateverTheIdsLength(int idLength) {
        SnapshotId before = SnapshotId.of("b".repeat(idLength));
        SnapshotId undo = SnapshotId.of("u".repeat(idLength));
        UndoOf first = UndoOf.started(SnapshotId.of("s"), List.of("g"), Optional.of(before));
        Snapshot header = Snapshot.create(undo, Instant.EPOCH, "kafka:9092", "c", Map.of(), Map.of())
                .withUndoOf(first);
        String refusal = "refusing to roll back: " + "x".repeat(200) + "; nothing was changed";

        String earlier = RollbackReport.byEarlierAttempt(
                new RollbackOperation.Attempt(Optional.empty(), Optional.of(header)), refusal);

        String message = Results.bounded(earlier + " Then " + refusal);
        assertThat(message)
                .startsWith("An earlier attempt of this run (--run-id) may have rolled back some groups: undo it all"
                        + " with --snapshot-id " + before)
                .contains(" Then refusing to roll back: ");
        assertThat(earlier.contains(undo.value())).isEqualTo(idLength < 100);
    }

    private static RollbackReport report(int idLength, int count, IntFunction<String> name, Status[] ends) {
        Map<String, GroupOffsets> groups = new HashMap<>();
        List<PartitionDecision> partitions = new ArrayList<>();
        Map<String, GroupCommit> commits = new TreeMap<>();
        Map<String, Integer> partitionsByGroup = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String group = name.apply(i);
            TopicPartition tp = new TopicPartition("topic", 0);
            PartitionOffset offset = new PartitionOffset(10, "", 0, Optional.empty());
            groups.put(group, GroupOffsets.of(Map.of(tp, offset)));
            partitions.add(new PartitionDecision(
                    group,
                    tp,
                    Optional.of(offset),
                    Optional.of(new OffsetAndMetadata(20)),
                    Optional.of(10L),
                    Decision.COMMIT,
                    Drift.NONE,
                    ""));
            Status status = ends[i % ends.length];
            commits.put(
                    group,
                    status == Status.COMMITTED
                            ? GroupCommit.committed()
                            : new GroupCommit(status, "a cause in words ".repeat(20), status != Status.FAILED));
            partitionsByGroup.put(group, 1);
        }
        RollbackPlan plan = new RollbackPlan(
                Snapshot.create(
                        SnapshotId.of("s".repeat(idLength)), Instant.EPOCH, "kafka:9092", "cluster", Map.of(), groups),
                "cluster",
                partitions,
                Map.of(),
                List.of(),
                List.of());
        RollbackOutcome outcome = new RollbackOutcome(
                Optional.of(SnapshotId.of("u".repeat(idLength))),
                Optional.of(SnapshotId.of("e".repeat(idLength))),
                new CommitOutcome(new TreeMap<>(commits)),
                partitionsByGroup,
                List.of(),
                false);
        return new RollbackReport(RollbackSurvey.of(plan), outcome);
    }
}
