package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotReader;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;

/**
 * A workflow engine retries a step whose first attempt did part of its work and died (Argo's retryStrategy, Tekton's
 * retries): with the same --run-id, a snapshot step reports the snapshot its first attempt saved, and a rollback step
 * keeps the undo snapshot of its first attempt, so the way back to the offsets from before the rollback is never lost.
 */
class RetriedStepTest extends KafkaCommandTest {

    private static final String RUN = "0b7e3f52-5f8e-4c1e-9a51-7d2f0c6e1a44";

    /**
     * What Argo's {@code {{workflow.uid}}:{{node.name}}} becomes in nested loops: 400 characters with a space and a
     * non-ASCII character from a loop item; korb takes it as it comes, recorded as its digest.
     */
    static final String ARGO_IN_LOOPS = argoInLoops();

    private static String argoInLoops() {
        String start = "5d1c0a2e-9f4b-4a43-8d1a-2b7c9e0f3a61:kafka-offset[0].outer[1].rollback(0:café orders)";
        return start + ".inner".repeat(60).substring(0, 400 - start.length());
    }

    static Stream<Named<String>> runIds() {
        return Stream.of(Named.of("a TaskRun's uid", RUN), Named.of("Argo's id in nested loops", ARGO_IN_LOOPS));
    }

    private Path results;

    @BeforeEach
    void setUp() {
        results = store.resolve("results");
    }

    @ParameterizedTest
    @MethodSource("runIds")
    void aRetriedSnapshotReportsTheSnapshotItsFirstAttemptSaved(String run) throws Exception {
        CliRun.Result first = snapshot("--run-id", run);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        byte[] saved = Files.readAllBytes(store.resolve("before.json"));
        String timestamp = result("timestamp");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60)); // the consumers went on meanwhile

        CliRun.Result retry = snapshot("--run-id", run);

        RunId recorded = RunId.parse(run).orElseThrow();
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.out()).contains("Snapshot before saved by an earlier attempt of this run: 2 groups,");
        assertThat(retry.err()).contains("saved by an earlier attempt of this run (--run-id " + recorded + ")");
        assertThat(result("reason")).isEqualTo("SnapshotCreated");
        assertThat(result("groups")).isEqualTo("2");
        assertThat(result("total-partitions")).isEqualTo("7");
        assertThat(result("timestamp")).isEqualTo(timestamp);
        assertThat(Files.readAllBytes(store.resolve("before.json"))).isEqualTo(saved);
        assertThat(stored("before").runId()).contains(recorded);
        CliRun.Result json = snapshot("--run-id", run, "-o", "json");
        assertThat(JSON.readTree(json.out()).path("savedByEarlierAttempt").asBoolean())
                .as(json.toString())
                .isTrue();
    }

    @Test
    void aSnapshotOfAnotherRunOrOfOtherGroupsIsStillRefusedAndKept() throws Exception {
        assertThat(snapshot("--run-id", RUN).exitCode()).isZero();
        byte[] saved = Files.readAllBytes(store.resolve("before.json"));

        CliRun.Result otherRun = snapshot("--run-id", "another-run");
        CliRun.Result noRun = snapshot();
        CliRun.Result otherGroups = kafka.cli()
                .env("KORB_RESULTS_DIR", results.toString())
                .env("KORB_RUN_ID", RUN)
                .run("snapshot", "--consumer-groups", kafka.orderProcessor, "--snapshot-id", "before");

        assertThat(otherRun.exitCode()).as(otherRun.toString()).isEqualTo(2);
        assertThat(otherRun.err()).contains("already exists").contains("not saved by this run");
        assertThat(noRun.exitCode()).as(noRun.toString()).isEqualTo(2);
        assertThat(noRun.err()).contains("already exists").doesNotContain("this run");
        assertThat(otherGroups.exitCode()).as(otherGroups.toString()).isEqualTo(2);
        assertThat(otherGroups.err()).contains("with other groups than --consumer-groups lists");
        assertThat(result("reason")).isEqualTo("SnapshotExists");
        assertThat(Files.readAllBytes(store.resolve("before.json"))).isEqualTo(saved);
    }

    @ParameterizedTest
    @MethodSource("runIds")
    void aRetriedRollbackKeepsTheUndoSnapshotOfItsFirstAttemptAndItRestoresTheOffsetsFromBefore(String run)
            throws Exception {
        RunId recorded = RunId.parse(run).orElseThrow();
        firstAttemptHalfDone(run).close();

        String firstUndo = result("undo-snapshot-id");
        assertThat(firstUndo).isEqualTo("before-undo-r" + recorded.digest());
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor))
                .as("half rolled back")
                .isEqualTo(kafka.offsets(10));
        byte[] undoSaved = Files.readAllBytes(store.resolve(firstUndo + ".json"));

        CliRun.Result retry = rollback(new HookedClients(), run, kafka.groups());

        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(result("undo-snapshot-id")).isEqualTo(firstUndo);
        assertThat(result("pre-rollback-snapshot-id")).isEqualTo(firstUndo);
        assertThat(result("changed-partitions")).isEqualTo("2");
        assertThat(retry.out()).contains("Undo with --snapshot-id " + firstUndo + " (saved by an earlier attempt");
        assertThat(retry.err()).contains("Undo snapshot " + firstUndo + " was saved by an earlier attempt");
        assertThat(undoSnapshots()).containsExactly(firstUndo);
        Snapshot undo = stored(firstUndo);
        assertThat(undo.groups())
                .as("the offsets are those the first attempt saved")
                .isEqualTo(SnapshotReader.readAll(SnapshotId.of(firstUndo), "", new ByteArrayInputStream(undoSaved))
                        .groups());
        assertThat(undo.undoOf().orElseThrow().finished()).isTrue();
        assertThat(undo.runId()).contains(recorded);

        // a third attempt, after everything is done, still names it and saves nothing
        CliRun.Result again = rollback(new HookedClients(), run, kafka.groups());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(result("undo-snapshot-id")).isEqualTo(firstUndo);
        assertThat(undoSnapshots()).containsExactly(firstUndo);

        CliRun.Result back = rollback(new HookedClients(), "", kafka.groups(), firstUndo);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(60));
        assertThat(EmbeddedKafka.shared().committed(kafka.paymentHandler)).isEqualTo(paymentsBefore());
    }

    @Test
    void aRetryRefusedBecauseTheConsumerStayedStillNamesTheUndoSnapshotOfItsFirstAttempt() throws Exception {
        try (KafkaConsumer<String, String> stays = firstAttemptHalfDone(RUN)) {
            String firstUndo = result("undo-snapshot-id");
            assertThat(firstUndo).isEqualTo("before-undo-r" + new RunId(RUN).digest());

            // the consumer stays; the engine retries the failed step, which is refused before any commit
            CliRun.Result retry = rollback(new HookedClients(), RUN, kafka.groups());

            assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(4);
            assertThat(result("reason")).isEqualTo("GroupsActive");
            assertThat(result("undo-snapshot-id")).isEqualTo(firstUndo);
            assertThat(result("pre-rollback-snapshot-id")).isEqualTo(firstUndo);
            assertThat(result("changed-partitions")).isEqualTo("0");
            assertThat(result("message"))
                    .startsWith("An earlier attempt of this run (--run-id) may have rolled back some groups: undo it"
                            + " all with --snapshot-id " + firstUndo + " (the undo snapshot it saved). Then refusing"
                            + " to roll back: 1 consumer group(s) have active members: " + kafka.paymentHandler);
            assertThat(retry.err()).contains("Undo snapshot " + firstUndo + " was saved by an earlier attempt");
            assertThat(undoSnapshots()).containsExactly(firstUndo);
            assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor))
                    .as("as the first attempt left it")
                    .isEqualTo(kafka.offsets(10));
        }
    }

    @Test
    void anUndoSnapshotIdOfTheRunTakenByAnotherRollbackIsRefusedAndKept() throws Exception {
        kafka.snapshot("before");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        // the same run id given to a rollback of one group, then to one of both: a mistake in the workflow
        CliRun.Result oneGroup = rollback(new HookedClients(), RUN, kafka.orderProcessor);
        assertThat(oneGroup.exitCode()).as(oneGroup.toString()).isZero();
        String undo = result("undo-snapshot-id");
        byte[] saved = Files.readAllBytes(store.resolve(undo + ".json"));
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(80));

        CliRun.Result bothGroups = rollback(new HookedClients(), RUN, kafka.groups());

        assertThat(bothGroups.exitCode()).as(bothGroups.toString()).isEqualTo(2);
        assertThat(result("reason")).isEqualTo("SnapshotExists");
        assertThat(bothGroups.err())
                .contains("the undo snapshot id '" + undo + "' that --run-id gives is taken by the undo snapshot of a"
                        + " rollback to 'before' of 1 group(s), not of this one")
                .contains("nothing was changed");
        assertThat(Files.readAllBytes(store.resolve(undo + ".json"))).isEqualTo(saved);
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(80));
    }

    @Test
    void anUndoSnapshotIdOfTheRunTakenByASnapshotIsRefused() throws Exception {
        kafka.snapshot("before");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        String derived = "before-undo-r" + new RunId(RUN).digest();
        kafka.snapshot(derived);

        CliRun.Result result = rollback(new HookedClients(), RUN, kafka.groups());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("is taken by a snapshot that is no undo snapshot");
        assertThat(EmbeddedKafka.shared().committed(kafka.orderProcessor)).isEqualTo(kafka.offsets(60));
    }

    @Test
    void theHistoryFindsAnUnfinishedRunNamedAfterItsRunIdAndOneNamedAfterItsTime() throws Exception {
        firstAttemptHalfDone(RUN).close();
        String firstUndo = result("undo-snapshot-id");

        // another run (no run id: a run by hand) finds that run unfinished, although its id tells no time
        CliRun.Result byHand = rollback(new HookedClients(), "", kafka.groups());

        assertThat(byHand.exitCode()).as(byHand.toString()).isZero();
        assertThat(result("undo-snapshot-id")).startsWith("before-undo-2");
        assertThat(result("pre-rollback-snapshot-id")).isEqualTo(firstUndo);
        assertThat(stored(result("undo-snapshot-id")).undoOf().orElseThrow().preRollbackSnapshotId())
                .contains(SnapshotId.of(firstUndo));
    }

    /**
     * The first attempt of a rollback of both groups to "before" in the run {@code runId}: it commits
     * order-processor, and a consumer of payment-handler joins just before that group's commit (exit 4). Before it,
     * order-processor is at {@code offsets(60)} and payment-handler at {@link #paymentsBefore()}.
     *
     * @return the consumer that joined, still a member
     */
    private KafkaConsumer<String, String> firstAttemptHalfDone(String runId) throws Exception {
        kafka.snapshot("before");
        EmbeddedKafka.shared().commit(kafka.orderProcessor, kafka.offsets(60));
        EmbeddedKafka.shared().commit(kafka.paymentHandler, paymentsBefore());
        KafkaConsumer<String, String>[] joined = new KafkaConsumer[1];
        HookedClients joinPayments = new HookedClients().beforeCommit((group, call) -> {
            if (group.equals(kafka.paymentHandler) && joined[0] == null) {
                joined[0] = EmbeddedKafka.shared().liveConsumer(kafka.paymentHandler, "classic", kafka.payments);
            }
        });
        CliRun.Result first = rollback(joinPayments, runId, kafka.groups());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(4);
        return joined[0];
    }

    private Map<TopicPartition, Long> paymentsBefore() {
        return Map.of(new TopicPartition(kafka.payments, 0), 70L, new TopicPartition(kafka.payments, 1), 71L);
    }

    private CliRun.Result snapshot(String... extra) {
        String[] args = Stream.concat(
                        Stream.of("snapshot", "--consumer-groups", kafka.groups(), "--snapshot-id", "before"),
                        Stream.of(extra))
                .toArray(String[]::new);
        return kafka.cli().env("KORB_RESULTS_DIR", results.toString()).run(args);
    }

    private CliRun.Result rollback(HookedClients clients, String runId, String groups) {
        return rollback(clients, runId, groups, "before");
    }

    /** Runs a rollback with {@code KORB_RUN_ID} set as a step's environment sets it; blank: no run id. */
    private CliRun.Result rollback(HookedClients clients, String runId, String groups, String snapshotId) {
        return kafka.cli()
                .clients(clients)
                .env("KORB_RESULTS_DIR", results.toString())
                .env("KORB_RUN_ID", runId)
                .run("rollback", "--consumer-groups", groups, "--snapshot-id", snapshotId);
    }

    private List<String> undoSnapshots() throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("before-undo-"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .toList();
        }
    }

    private Snapshot stored(String id) throws Exception {
        try (var in = Files.newInputStream(store.resolve(id + ".json"))) {
            return SnapshotReader.readAll(SnapshotId.of(id), "", in);
        }
    }

    private String result(String name) throws Exception {
        return Files.readString(results.resolve(name));
    }
}
