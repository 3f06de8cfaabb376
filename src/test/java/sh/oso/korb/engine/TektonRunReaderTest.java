package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.tekton.v1.ChildStatusReference;
import io.fabric8.tekton.v1.ChildStatusReferenceBuilder;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunBuilder;
import io.fabric8.tekton.v1.PipelineRunStatusBuilder;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.TaskRunBuilder;
import io.fabric8.tekton.v1.TaskRunResult;
import io.fabric8.tekton.v1.TaskRunStatusBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sh.oso.korb.engine.RunOutcome.State;
import sh.oso.korb.workflow.TektonStandIn;

/** A PipelineRun's state as Tekton reports it, and its TaskRun's results and message once it finished. */
@EnableKubernetesMockClient(crud = true)
class TektonRunReaderTest {

    static KubernetesClient kubernetes;

    private static final String NAMESPACE = "kafka-backup";
    private static final String STARTED = "2026-11-24T06:00:01Z";
    private static final String COMPLETED = "2026-11-24T06:00:04Z";

    @BeforeAll
    static void tektonInstalled() {
        TektonStandIn.installCrds(kubernetes);
    }

    private RunOutcome read(PipelineRun run) {
        return new TektonRunReader(kubernetes).read(run);
    }

    private static PipelineRun run(
            String name,
            Condition succeeded,
            String startTime,
            String completionTime,
            ChildStatusReference... children) {
        return new PipelineRunBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withStatus(new PipelineRunStatusBuilder()
                        .withConditions(succeeded == null ? List.of() : List.of(succeeded))
                        .withStartTime(startTime)
                        .withCompletionTime(completionTime)
                        .withChildReferences(List.of(children))
                        .build())
                .build();
    }

    private static Condition succeeded(String status, String message) {
        return new ConditionBuilder()
                .withType("Succeeded")
                .withStatus(status)
                .withReason("reason")
                .withMessage(message)
                .build();
    }

    private static ChildStatusReference child(String kind, String name) {
        return new ChildStatusReferenceBuilder()
                .withApiVersion("tekton.dev/v1")
                .withKind(kind)
                .withName(name)
                .build();
    }

    /** A finished TaskRun with these results ({@code null} value: a result declared but not written). */
    private static ChildStatusReference taskRun(String name, Condition succeeded, String... results) {
        TaskRun created = kubernetes
                .resource(new TaskRunBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .endSpec()
                        .build())
                .create();
        List<TaskRunResult> written = new ArrayList<>();
        for (int i = 0; i < results.length; i += 2) {
            written.add(new TaskRunResult(
                    results[i], "string", results[i + 1] == null ? null : new ParamValue(results[i + 1])));
        }
        created.setStatus(new TaskRunStatusBuilder()
                .withConditions(succeeded)
                .withResults(written)
                .build());
        kubernetes.resource(created).updateStatus();
        return child("TaskRun", name);
    }

    @Test
    void aRunWithoutStatusIsPending() {
        PipelineRun run = new PipelineRunBuilder()
                .withNewMetadata()
                .withName("fresh")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .build();

        assertThat(read(run)).isEqualTo(new RunOutcome(State.PENDING, null, null, Map.of(), null));
    }

    @Test
    void aRunNotYetStartedIsPendingAndAStartedOneRunning() {
        assertThat(read(run("queued", succeeded("Unknown", "Pending"), null, null))
                        .state())
                .isEqualTo(State.PENDING);
        RunOutcome running = read(run("running", succeeded("Unknown", "Running"), STARTED, null));
        assertThat(running.state()).isEqualTo(State.RUNNING);
        assertThat(running.startTime()).isEqualTo(STARTED);
        assertThat(read(run("no-condition-yet", null, STARTED, null)).state()).isEqualTo(State.RUNNING);
    }

    @ParameterizedTest
    @CsvSource({"True, SUCCEEDED, SnapshotCreated, 0", "False, FAILED, GroupsActive, 4"})
    void aFinishedRunHasItsTaskRunsResultsAndTheExecutorsMessage(
            String succeeded, State state, String reason, String exitCode) {
        String name = "finished-" + exitCode;
        PipelineRun run = run(
                name,
                succeeded(succeeded, "Tasks Completed: 1"),
                STARTED,
                COMPLETED,
                taskRun(
                        name + "-task",
                        succeeded(succeeded, "\"step-korb\" exited with code " + exitCode),
                        "reason",
                        reason,
                        "exit-code",
                        exitCode,
                        "message",
                        "what the executor said"));

        RunOutcome outcome = read(run);

        assertThat(outcome.state()).isEqualTo(state);
        assertThat(outcome.result("reason")).isEqualTo(reason);
        assertThat(outcome.result("exit-code")).isEqualTo(exitCode);
        assertThat(outcome.message()).isEqualTo("what the executor said");
        assertThat(outcome.startTime()).isEqualTo(STARTED);
        assertThat(outcome.completionTime()).isEqualTo(COMPLETED);
    }

    @Test
    void aRunThatDiedWithoutResultsHasItsTaskRunsMessage() {
        PipelineRun run = run(
                "oom-g1",
                succeeded("False", "Tasks Completed: 1 (Failed: 1"),
                STARTED,
                COMPLETED,
                taskRun(
                        "oom-g1-snapshot",
                        succeeded("False", "\"step-snapshot\" exited with code 137 (OOMKilled)"),
                        "message",
                        null));

        RunOutcome outcome = read(run);

        assertThat(outcome.state()).isEqualTo(State.FAILED);
        assertThat(outcome.results()).containsEntry("message", "");
        assertThat(outcome.result("message")).isNull();
        assertThat(outcome.message()).isEqualTo("\"step-snapshot\" exited with code 137 (OOMKilled)");
    }

    @Test
    void aRunWithoutATaskRunHasThePipelineRunsMessage() {
        RunOutcome outcome = read(
                run("no-task-g1", succeeded("False", "Pipeline can't be run: task not found"), STARTED, COMPLETED));

        assertThat(outcome.state()).isEqualTo(State.FAILED);
        assertThat(outcome.results()).isEmpty();
        assertThat(outcome.message()).isEqualTo("Pipeline can't be run: task not found");
    }

    @Test
    void aTaskRunDeletedMeanwhileLeavesThePipelineRunsMessage() {
        RunOutcome outcome = read(run(
                "gone-g1",
                succeeded("False", "TaskRun gone-g1-snapshot was deleted"),
                STARTED,
                COMPLETED,
                child("TaskRun", "gone-g1-snapshot")));

        assertThat(outcome.results()).isEmpty();
        assertThat(outcome.message()).isEqualTo("TaskRun gone-g1-snapshot was deleted");
    }

    @Test
    void theLastTaskRunChildIsReadAndOtherKindsAreNot() {
        ChildStatusReference first = taskRun("two-g1-first", succeeded("True", "done"), "message", "first");
        ChildStatusReference last = taskRun("two-g1-last", succeeded("True", "done"), "message", "last");

        RunOutcome outcome = read(run(
                "two-g1",
                succeeded("True", "Tasks Completed: 2"),
                STARTED,
                COMPLETED,
                first,
                last,
                child("CustomRun", "two-g1-custom")));

        assertThat(outcome.message()).isEqualTo("last");
    }
}
