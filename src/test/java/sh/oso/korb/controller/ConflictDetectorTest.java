package sh.oso.korb.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.oso.korb.controller.Rollbacks.EARLIER;
import static sh.oso.korb.controller.Rollbacks.LATER;
import static sh.oso.korb.controller.Rollbacks.resource;
import static sh.oso.korb.controller.Rollbacks.running;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetSpec;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.OffsetResetStrategy;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;

/** Which resource waits for which: the rules a user reads in the WaitingForConflictingOperation message. */
class ConflictDetectorTest {

    private static final List<String> CLUSTER = List.of("kafka:9092");

    private static KafkaOffsetRollback first(Operation operation, String... groups) {
        return resource("first", operation, EARLIER, CLUSTER, groups);
    }

    private static KafkaOffsetRollback second(Operation operation, String... groups) {
        return resource("second", operation, LATER, CLUSTER, groups);
    }

    /** A reset like {@link Rollbacks#resource}: of these groups on kafka:9092. */
    private static KafkaOffsetReset reset(String name, Instant created, boolean dryRun, String... groups) {
        KafkaOffsetRollback like = resource(name, Operation.ROLLBACK, created, CLUSTER, groups);
        KafkaOffsetResetSpec spec = new KafkaOffsetResetSpec();
        spec.setKafkaCluster(like.getSpec().getKafkaCluster());
        spec.setConsumerGroups(like.getSpec().getConsumerGroups());
        spec.setStrategy(OffsetResetStrategy.EARLIEST);
        spec.setDryRun(dryRun ? Boolean.TRUE : null);
        KafkaOffsetReset reset = new KafkaOffsetReset();
        reset.setMetadata(like.getMetadata());
        reset.setSpec(spec);
        return reset;
    }

    private static Optional<String> blocker(KafkaOffsetRollback resource, KafkaOffsetRollback... all) {
        return blocker(
                RunOnceResource.of(resource),
                Stream.of(all).map(RunOnceResource::of).toArray(RunOnceResource<?>[]::new));
    }

    private static Optional<String> blocker(RunOnceResource<?> resource, RunOnceResource<?>... all) {
        return ConflictDetector.blocker(resource, List.of(all))
                .map(other -> other.resource().getMetadata().getName());
    }

    @Test
    void aRollbackWaitsForAnEarlierRollbackOfTheSameGroupAndNotTheOtherWayRound() {
        KafkaOffsetRollback first = first(Operation.ROLLBACK, "g1");
        KafkaOffsetRollback second = second(Operation.ROLLBACK, "g1");

        assertThat(blocker(second, first, second)).contains("first");
        assertThat(blocker(first, first, second)).isEmpty();
    }

    @Test
    void aRunningResourceBlocksEvenWhenCreatedLater() {
        KafkaOffsetRollback first = first(Operation.ROLLBACK, "g1");
        KafkaOffsetRollback second = running(second(Operation.ROLLBACK, "g1"), Phase.Running);

        assertThat(blocker(first, first, second)).contains("second");
    }

    @Test
    void theMessageNamesTheBlockerItsOperationAndGroups() {
        assertThat(ConflictDetector.describe(RunOnceResource.of(first(Operation.ROLLBACK, "g1", "g2"))))
                .isEqualTo("kafka-backup/first (rollback of g1, g2)");
        assertThat(ConflictDetector.describe(RunOnceResource.of(reset("first", EARLIER, false, "g1", "g2"))))
                .isEqualTo("kafka-backup/first (reset of g1, g2)");
    }

    @Test
    void aResetAndARollbackOfTheSameGroupWaitForEachOtherInCreationOrder() {
        var rollback = RunOnceResource.of(first(Operation.ROLLBACK, "g1"));
        var reset = RunOnceResource.of(reset("second", LATER, false, "g1"));

        assertThat(blocker(reset, rollback, reset)).contains("first");
        assertThat(blocker(rollback, rollback, reset)).isEmpty();

        var earlierReset = RunOnceResource.of(reset("first", EARLIER, false, "g1"));
        var laterRollback = RunOnceResource.of(second(Operation.ROLLBACK, "g1"));
        assertThat(blocker(laterRollback, earlierReset, laterRollback)).contains("first");
    }

    @Test
    void aResetWaitsForAnEarlierResetOfTheSameGroupOnly() {
        var first = RunOnceResource.of(reset("first", EARLIER, false, "g1", "g2"));

        assertThat(blocker(RunOnceResource.of(reset("second", LATER, false, "g2")), first))
                .contains("first");
        assertThat(blocker(RunOnceResource.of(reset("second", LATER, false, "g3")), first))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "SNAPSHOT, false, true",
        "VERIFY, false, true",
        "ROLLBACK, true, true",
        "SNAPSHOT, true, false",
        "VERIFY, true, false",
        "DELETE, false, false"
    })
    void aResetWritesAsARollbackDoesAndADryRunOnlyReads(Operation operation, boolean dryRun, boolean waits) {
        var rollback = RunOnceResource.of(first(operation, "g1"));
        var reset = RunOnceResource.of(reset("second", LATER, dryRun, "g1"));

        assertThat(blocker(reset, rollback, reset).isPresent()).isEqualTo(waits);
    }

    @Test
    void judgingLeavesTheOthersAsTheInformerCachedThem() {
        KafkaOffsetRollback notReconciledYet = first(Operation.ROLLBACK, "g1");
        notReconciledYet.setStatus(null);
        KafkaOffsetReset reset = reset("second", LATER, false, "g1");
        reset.setStatus(new KafkaOffsetResetStatus());

        assertThat(ConflictDetector.waits(
                        RunOnceResource.of(reset), Stream.of(notReconciledYet), Stream.of(), Instant.now()))
                .isTrue();
        assertThat(notReconciledYet.getStatus())
                .as("JOSDK diffs a status patch against the cached object")
                .isNull();
        assertThat(reset.getStatus().getPhase()).isEqualTo(Phase.Pending);
        assertThat(Conditions.readyReason(reset.getStatus().getConditions()))
                .contains("WaitingForConflictingOperation");
    }

    @Test
    void twoDryRunResetsDoNotConflict() {
        var first = RunOnceResource.of(reset("first", EARLIER, true, "g1"));

        assertThat(blocker(RunOnceResource.of(reset("second", LATER, true, "g1")), first))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "ROLLBACK, ROLLBACK, true",
        "SNAPSHOT, ROLLBACK, true",
        "ROLLBACK, SNAPSHOT, true",
        "VERIFY, ROLLBACK, true",
        "ROLLBACK, VERIFY, true",
        "SNAPSHOT, SNAPSHOT, false",
        "SNAPSHOT, VERIFY, false",
        "VERIFY, VERIFY, false",
        "DELETE, ROLLBACK, false",
        "ROLLBACK, DELETE, false"
    })
    void onlyRunsBesideARollbackConflict(Operation earlier, Operation later, boolean waits) {
        KafkaOffsetRollback first = first(earlier, "g1");
        KafkaOffsetRollback second = second(later, "g1");

        assertThat(blocker(second, first, second).isPresent()).isEqualTo(waits);
    }

    @Test
    void differentGroupsDoNotConflict() {
        KafkaOffsetRollback first = first(Operation.ROLLBACK, "g1", "g2");

        assertThat(blocker(second(Operation.ROLLBACK, "g3"), first)).isEmpty();
        assertThat(blocker(second(Operation.ROLLBACK, "g3", "g2"), first)).contains("first");
    }

    /** The resource with its groups given by a pattern instead of a list. */
    private static KafkaOffsetRollback matching(KafkaOffsetRollback resource, String pattern) {
        resource.getSpec().setConsumerGroups(null);
        resource.getSpec().setConsumerGroupPattern(pattern);
        return resource;
    }

    @Test
    void aPatternConflictsWithAListWhenAListedGroupMatchesTheWholePattern() {
        KafkaOffsetRollback orders = matching(first(Operation.ROLLBACK), "orders-.*");

        assertThat(blocker(second(Operation.ROLLBACK, "payments", "orders-eu"), orders))
                .contains("first");
        assertThat(blocker(second(Operation.SNAPSHOT, "orders-eu"), orders))
                .as("a snapshot reads offsets the rollback moves")
                .contains("first");
        assertThat(blocker(second(Operation.ROLLBACK, "payments", "legacy-orders-eu"), orders))
                .as("the executor matches the whole id: 'orders-.*' does not match legacy-orders-eu")
                .isEmpty();
        assertThat(blocker(matching(second(Operation.ROLLBACK), "payments-.*"), first(Operation.ROLLBACK, "orders-eu")))
                .isEmpty();
        assertThat(blocker(matching(second(Operation.ROLLBACK), "orders-.*"), first(Operation.ROLLBACK, "orders-eu")))
                .contains("first");
    }

    @Test
    void twoPatternsAlwaysConflictForTheirGroupsAreKnownOnlyWhenTheyRun() {
        KafkaOffsetRollback orders = matching(first(Operation.ROLLBACK), "orders-.*");

        assertThat(blocker(matching(second(Operation.ROLLBACK), "payments-.*"), orders))
                .contains("first");
        assertThat(blocker(matching(second(Operation.VERIFY), "payments-.*"), orders))
                .contains("first");
        assertThat(blocker(matching(second(Operation.SNAPSHOT), ".*"), matching(first(Operation.SNAPSHOT), ".*")))
                .as("two reads still do not conflict")
                .isEmpty();
    }

    @Test
    void aPatternAndAResetConflictWhenAResetGroupMatches() {
        var orders = RunOnceResource.of(matching(first(Operation.ROLLBACK), "orders-.*"));

        assertThat(blocker(RunOnceResource.of(reset("second", LATER, false, "orders-eu")), orders))
                .contains("first");
        assertThat(blocker(RunOnceResource.of(reset("second", LATER, false, "payments")), orders))
                .isEmpty();
    }

    @Test
    void aPatternThatIsNoRegularExpressionOrBacktracksForeverConflictsWithEveryList() {
        KafkaOffsetRollback invalid = matching(first(Operation.ROLLBACK), "orders-(");
        // catastrophic backtracking on a long id: the controller gives up and waits rather than stalling
        KafkaOffsetRollback backtracking = matching(first(Operation.ROLLBACK), "(.*a){20}b");

        assertThat(blocker(second(Operation.ROLLBACK, "payments"), invalid)).contains("first");
        assertThat(blocker(second(Operation.ROLLBACK, "a".repeat(100)), backtracking))
                .contains("first");
    }

    @Test
    void theMessageNamesTheBlockersPattern() {
        assertThat(ConflictDetector.describe(RunOnceResource.of(matching(first(Operation.ROLLBACK), "orders-.*"))))
                .isEqualTo("kafka-backup/first (rollback of the groups matching 'orders-.*')");
    }

    @Test
    void theSameGroupOnAnotherClusterDoesNotConflict() {
        KafkaOffsetRollback first = first(Operation.ROLLBACK, "g1");
        KafkaOffsetRollback elsewhere =
                resource("second", Operation.ROLLBACK, LATER, List.of("other-kafka:9092"), "g1");

        assertThat(blocker(elsewhere, first)).isEmpty();
    }

    @Test
    void oneSharedBootstrapServerIsTheSameClusterWhateverItsCaseAndSpaces() {
        KafkaOffsetRollback first =
                resource("first", Operation.ROLLBACK, EARLIER, List.of("b1:9092", "Kafka:9092"), "g1");
        KafkaOffsetRollback second = resource("second", Operation.ROLLBACK, LATER, List.of(" kafka:9092 "), "g1");

        assertThat(blocker(second, first)).contains("first");
    }

    @Test
    void finishedResourcesDoNotBlock() {
        KafkaOffsetRollback second = second(Operation.ROLLBACK, "g1");

        assertThat(blocker(second, running(first(Operation.ROLLBACK, "g1"), Phase.Completed)))
                .isEmpty();
        assertThat(blocker(second, running(first(Operation.ROLLBACK, "g1"), Phase.Failed)))
                .isEmpty();
    }

    @Test
    void aResourceBeingDeletedDoesNotBlock() {
        KafkaOffsetRollback first = running(first(Operation.ROLLBACK, "g1"), Phase.Running);
        first.getMetadata().setDeletionTimestamp(LATER.toString());

        assertThat(blocker(second(Operation.ROLLBACK, "g1"), first)).isEmpty();
    }

    @Test
    void anIncompleteOtherResourceIsIgnored() {
        KafkaOffsetRollback first = first(Operation.ROLLBACK, "g1");
        first.getSpec().getKafkaCluster().setBootstrapServers(null);

        assertThat(blocker(second(Operation.ROLLBACK, "g1"), first)).isEmpty();
    }

    @Test
    void twoResourcesCreatedTheSameSecondDoNotWaitForEachOther() {
        KafkaOffsetRollback a = resource("a", Operation.ROLLBACK, EARLIER, CLUSTER, "g1");
        KafkaOffsetRollback b = resource("b", Operation.ROLLBACK, EARLIER, CLUSTER, "g1");

        assertThat(blocker(a, a, b)).isEmpty();
        assertThat(blocker(b, a, b)).contains("a");
    }

    @Test
    void ofSeveralBlockersTheEarliestIsNamed() {
        KafkaOffsetRollback oldest = resource("oldest", Operation.ROLLBACK, EARLIER.minusSeconds(60), CLUSTER, "g1");
        KafkaOffsetRollback first = first(Operation.ROLLBACK, "g1");
        KafkaOffsetRollback last = resource("last", Operation.ROLLBACK, LATER.plusSeconds(60), CLUSTER, "g1");

        assertThat(blocker(last, first, oldest, last)).contains("oldest");
    }
}
