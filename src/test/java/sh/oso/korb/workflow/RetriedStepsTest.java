package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.testing.CliRun;
import sh.oso.korb.testing.EmbeddedKafka;
import sh.oso.korb.testing.HookedClients;
import sh.oso.korb.testing.ProxiedKafka;

/**
 * A workflow engine retries a step whose first attempt did part of its work and failed, under the shipped templates
 * and the run identity they pass as {@code KORB_RUN_ID}: a retried snapshot step succeeds with the snapshot its first
 * attempt saved; a retried rollback step keeps the undo snapshot of its first attempt, and rolling back to it
 * restores the offsets as they were before the first attempt. The broker is reached through a proxy, cut during the
 * first attempt's commits and restored when the retry starts.
 */
class RetriedStepsTest {

    private static ProxiedKafka broker;

    /** Commits one group after the other, so that the first group's is answered before the broker is cut. */
    private static final String TEKTON_ONE_GROUP =
            " ".repeat(10) + "- name: parallelism\n" + " ".repeat(12) + "value: \"1\"\n";

    private static final String ONE_GROUP_AT_A_TIME =
            " ".repeat(16) + "- name: parallelism\n" + " ".repeat(18) + "value: \"1\"\n";

    @TempDir
    Path work;

    @TempDir
    Path claim;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String orders = "orders-" + suffix;
    private final String first = "first-" + suffix;
    private final String second = "second-" + suffix;
    private Map<TopicPartition, Long> atSnapshot;
    private Map<TopicPartition, Long> beforeTheRollback;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ProxiedKafka.start(Map.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void restoreTheBroker() {
        broker.proxy().restore();
    }

    @BeforeEach
    void twoGroups() throws Exception {
        EmbeddedKafka kafka = broker.direct();
        kafka.createTopic(orders, 2, 100);
        atSnapshot = Map.of(new TopicPartition(orders, 0), 10L, new TopicPartition(orders, 1), 11L);
        beforeTheRollback = Map.of(new TopicPartition(orders, 0), 60L, new TopicPartition(orders, 1), 61L);
        kafka.commit(first, atSnapshot);
        kafka.commit(second, atSnapshot);
    }

    private ArgoRunner argo(KafkaClientFactory clients) {
        return ArgoRunner.installed(new Container(new CliRun().clients(clients)), work)
                .claim("korb-snapshots", claim);
    }

    /** A Workflow of one step, {@code name}, that runs the pvc WorkflowTemplate's {@code template}. */
    private JsonNode argoStep(String name, String template, String... more) {
        return Yaml.parse(
                """
                apiVersion: argoproj.io/v1alpha1
                kind: Workflow
                metadata:
                  generateName: korb-retried-
                spec:
                  entrypoint: main
                  templates:
                    - name: main
                      steps:
                        - - name: %s
                            templateRef:
                              name: kafka-offset-pvc
                              template: %s
                            arguments:
                              parameters:
                                - name: bootstrap-servers
                                  value: "%s"
                                - name: consumer-groups
                                  value: "%s,%s"
                                - name: snapshot-id
                                  value: before
                                - name: pvc-claim-name
                                  value: korb-snapshots
                                - name: timeout
                                  value: 2s
                """.formatted(name, template, broker.bootstrapServers(), first, second) + String.join("", more));
    }

    @Test
    void argoRetriesASnapshotStepThatFailedAfterSavingAndTheRetryReportsTheSavedSnapshot() {
        SavedSnapshot saved = new SavedSnapshot();
        ArgoRunner runner = argo(new HookedClients()).onAttempt("snapshot", saved::failTheFirstAttempt);

        ArgoRunner.WorkflowRun run = runner.run(argoStep("snapshot", "snapshot"));

        assertThat(run.phase()).as(run.toString()).isEqualTo(ArgoRunner.Phase.SUCCEEDED);
        assertThat(run.node("snapshot").attempts()).isEqualTo(2);
        saved.assertReportedAndKept(run.node("snapshot").outputs());
    }

    @Test
    void argoRetriesARollbackStepThatRolledBackHalfAndItsUndoSnapshotIsThatOfTheFirstAttempt() throws Exception {
        snapshotThenMoveOn();
        FirstRollbackAttempt firstAttempt = new FirstRollbackAttempt();
        ArgoRunner runner =
                argo(cutBeforeTheSecondGroupsFirstCommit()).onAttempt("rollback", firstAttempt::checkHalfDone);

        ArgoRunner.WorkflowRun run = runner.run(argoStep("rollback", "rollback", ONE_GROUP_AT_A_TIME));

        assertThat(run.phase()).as(run.toString()).isEqualTo(ArgoRunner.Phase.SUCCEEDED);
        assertThat(run.node("rollback").attempts()).isEqualTo(2);
        firstAttempt.assertItsUndoSnapshotRestoresTheOffsetsFromBefore(
                run.node("rollback").outputs());
    }

    private TektonRunner tekton(Container container) {
        return TektonRunner.installed(container, work, "kafka-backup").claim("korb-snapshots", claim);
    }

    /** A PipelineRun of one task, {@code step}, that runs the Task {@code task} with one retry. */
    private JsonNode tektonStep(String task, String... more) {
        return Yaml.parse("""
                apiVersion: tekton.dev/v1
                kind: PipelineRun
                metadata:
                  generateName: korb-retried-
                spec:
                  workspaces:
                    - name: snapshots
                      persistentVolumeClaim:
                        claimName: korb-snapshots
                  pipelineSpec:
                    workspaces:
                      - name: snapshots
                    tasks:
                      - name: step
                        retries: 1
                        taskRef:
                          name: %s
                        workspaces:
                          - name: snapshots
                            workspace: snapshots
                        params:
                          - name: bootstrap-servers
                            value: "%s"
                          - name: consumer-groups
                            value: ["%s", "%s"]
                          - name: snapshot-id
                            value: before
                          - name: storage-type
                            value: pvc
                          - name: timeout
                            value: 2s
                """.formatted(task, broker.bootstrapServers(), first, second) + String.join("", more));
    }

    @Test
    void tektonRetriesASnapshotTaskThatFailedAfterSavingAndTheRetryReportsTheSavedSnapshot() {
        SavedSnapshot saved = new SavedSnapshot();
        Container container = new Container(new CliRun()).afterKorb(saved::failTheFirstAttempt);

        TektonRunner.PipelineRun run = tekton(container).run(tektonStep("kafka-offset-snapshot"));

        assertThat(run.status()).as(run.toString()).isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(run.task("step").retries()).isEqualTo(1);
        saved.assertReportedAndKept(run.task("step").results());
    }

    @Test
    void tektonRetriesARollbackTaskThatRolledBackHalfAndItsUndoSnapshotIsThatOfTheFirstAttempt() throws Exception {
        snapshotThenMoveOn();
        FirstRollbackAttempt firstAttempt = new FirstRollbackAttempt();
        Container container = new Container(new CliRun().clients(cutBeforeTheSecondGroupsFirstCommit()))
                .afterKorb(firstAttempt::checkHalfDone);

        TektonRunner.PipelineRun run = tekton(container).run(tektonStep("kafka-offset-rollback", TEKTON_ONE_GROUP));

        assertThat(run.status()).as(run.toString()).isEqualTo(TektonRunner.Status.SUCCEEDED);
        assertThat(run.task("step").retries()).isEqualTo(1);
        firstAttempt.assertItsUndoSnapshotRestoresTheOffsetsFromBefore(
                run.task("step").results());
    }

    /** A snapshot step's first attempt: it saves the snapshot, then its pod fails before the engine reads it. */
    private final class SavedSnapshot {
        private byte[] saved;

        Container.Exit failTheFirstAttempt(int attempt, Container.Exit exit) {
            if (attempt > 0) {
                return exit;
            }
            assertThat(exit.code()).as(exit.output()).isZero();
            saved = read(claim.resolve("before.json"));
            return new Container.Exit(1, "the pod failed after the snapshot was saved");
        }

        /** The retry succeeded with the snapshot the first attempt saved, unchanged. */
        void assertReportedAndKept(Map<String, String> results) {
            assertThat(results)
                    .containsEntry("snapshot-id", "before")
                    .containsEntry("groups", "2")
                    .containsEntry("reason", "SnapshotCreated");
            assertThat(read(claim.resolve("before.json")))
                    .as("the snapshot is kept")
                    .isEqualTo(saved);
        }
    }

    /** A rollback step's first attempt, cut off after the first group's commit: what it left behind. */
    private final class FirstRollbackAttempt {
        private final List<String> undoSnapshots = new ArrayList<>();

        Container.Exit checkHalfDone(int attempt, Container.Exit exit) {
            if (attempt == 0) {
                assertThat(exit.code()).as(exit.output()).isEqualTo(1);
                assertHalfRolledBack();
                undoSnapshots.addAll(undoSnapshots());
            }
            return exit;
        }

        void assertItsUndoSnapshotRestoresTheOffsetsFromBefore(Map<String, String> results) throws Exception {
            assertTheUndoSnapshotOfTheFirstAttemptRestoresTheOffsetsFromBefore(undoSnapshots, results);
        }
    }

    private void assertHalfRolledBack() {
        try {
            assertThat(broker.direct().committed(first)).isEqualTo(atSnapshot);
            assertThat(broker.direct().committed(second)).isEqualTo(beforeTheRollback);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void snapshotThenMoveOn() throws Exception {
        CliRun.Result snapshot =
                korb().run("snapshot", "--consumer-groups", first + "," + second, "--snapshot-id", "before");
        assertThat(snapshot.exitCode()).as(snapshot.toString()).isZero();
        broker.direct().commit(first, beforeTheRollback);
        broker.direct().commit(second, beforeTheRollback);
    }

    /**
     * Kafka clients that cut the broker off just before the first attempt's commit of the second group (so only the
     * first group is rolled back and the attempt exits 1), and restore it when the retry creates its client.
     */
    private KafkaClientFactory cutBeforeTheSecondGroupsFirstCommit() {
        AtomicInteger attempts = new AtomicInteger();
        HookedClients hooked = new HookedClients().beforeCommit((group, call) -> {
            if (group.equals(second) && attempts.get() == 1) {
                broker.proxy().cut();
            }
        });
        return new KafkaClientFactory() {
            @Override
            public Admin admin(KafkaConfig config) {
                if (attempts.incrementAndGet() > 1) {
                    broker.proxy().restore();
                }
                return hooked.admin(config);
            }

            @Override
            public Consumer<byte[], byte[]> readOnlyConsumer(KafkaConfig config) {
                return hooked.readOnlyConsumer(config);
            }
        };
    }

    private void assertTheUndoSnapshotOfTheFirstAttemptRestoresTheOffsetsFromBefore(
            List<String> undoAfterFirstAttempt, Map<String, String> outputs) throws Exception {
        assertThat(undoAfterFirstAttempt)
                .as("the first attempt saved one undo snapshot")
                .hasSize(1);
        String undo = undoAfterFirstAttempt.get(0);
        assertThat(outputs)
                .containsEntry("undo-snapshot-id", undo)
                .containsEntry("pre-rollback-snapshot-id", undo)
                .containsEntry("phase", "Completed");
        assertThat(undoSnapshots()).as("the retry saved no other").containsExactly(undo);
        assertThat(broker.direct().committed(first)).isEqualTo(atSnapshot);
        assertThat(broker.direct().committed(second)).isEqualTo(atSnapshot);

        CliRun.Result back = korb().run("rollback", "--consumer-groups", first + "," + second, "--snapshot-id", undo);

        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(broker.direct().committed(first)).isEqualTo(beforeTheRollback);
        assertThat(broker.direct().committed(second)).isEqualTo(beforeTheRollback);
    }

    private CliRun korb() {
        return new CliRun()
                .env("KORB_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                .env("KORB_STORAGE_TYPE", "pvc")
                .env("KORB_PVC_PATH", claim.toString());
    }

    private List<String> undoSnapshots() {
        try (Stream<Path> files = Files.list(claim)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("before-undo-") && name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
