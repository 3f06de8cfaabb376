package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Workflows as Argo's controller leaves them, read as the engine-neutral outcome. */
class ArgoRunReaderTest {

    private final ArgoRunReader reader = new ArgoRunReader();

    private static GenericKubernetesResource workflow(String status) {
        return Serialization.unmarshal("""
                apiVersion: argoproj.io/v1alpha1
                kind: Workflow
                metadata: {name: snap-g1, namespace: kafka-backup}
                spec: {entrypoint: snapshot}
                """ + status, GenericKubernetesResource.class);
    }

    @Test
    void aNewWorkflowIsPendingAndAStartedOneRunning() {
        RunOutcome created = reader.read(workflow(""));
        RunOutcome running =
                reader.read(workflow("status: {phase: Running, startedAt: '2026-01-02T03:04:05Z', progress: 0/1}"));

        assertThat(created.state()).isEqualTo(RunOutcome.State.PENDING);
        assertThat(running.state()).isEqualTo(RunOutcome.State.RUNNING);
        assertThat(running.startTime()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(running.results()).isEmpty();
    }

    @Test
    void aSucceededWorkflowsResultsAreTheRetryNodesOutputs() {
        RunOutcome outcome = reader.read(workflow("""
                status:
                  phase: Succeeded
                  startedAt: '2026-01-02T03:04:05Z'
                  finishedAt: '2026-01-02T03:04:09Z'
                  progress: 1/1
                  nodes:
                    snap-g1:
                      {id: snap-g1, name: snap-g1, type: Retry, phase: Succeeded, children: [snap-g1-3713044040],
                       outputs: {exitCode: '0', parameters: [{name: phase, value: Completed},
                         {name: reason, value: SnapshotCreated}, {name: groups, value: '2'},
                         {name: message, value: 'snapshot pre-migration taken'}]}}
                    snap-g1-3713044040:
                      {id: snap-g1-3713044040, name: snap-g1(0), type: Pod, phase: Succeeded,
                       outputs: {exitCode: '0', parameters: [{name: phase, value: Completed}]}}
                """));

        assertThat(outcome.state()).isEqualTo(RunOutcome.State.SUCCEEDED);
        assertThat(outcome.completionTime()).isEqualTo("2026-01-02T03:04:09Z");
        assertThat(outcome.results()).containsEntry("reason", "SnapshotCreated").containsEntry("groups", "2");
        assertThat(outcome.message()).isEqualTo("snapshot pre-migration taken");
    }

    @Test
    void aFailedRetryNodeHasNoOutputsSoTheyAreItsLastFinishedPods() {
        RunOutcome outcome = reader.read(workflow("""
                status:
                  phase: Failed
                  startedAt: '2026-01-02T03:04:05Z'
                  finishedAt: '2026-01-02T03:05:05Z'
                  message: retryStrategy.expression evaluated to false
                  nodes:
                    snap-g1:
                      {id: snap-g1, name: snap-g1, type: Retry, phase: Failed,
                       message: retryStrategy.expression evaluated to false, children: [snap-g1-1, snap-g1-2]}
                    snap-g1-1:
                      {id: snap-g1-1, name: snap-g1(0), type: Pod, phase: Failed, message: Error (exit code 1),
                       outputs: {exitCode: '1', parameters: [{name: reason, value: KafkaUnavailable}]}}
                    snap-g1-2:
                      {id: snap-g1-2, name: snap-g1(1), type: Pod, phase: Failed, message: Error (exit code 4),
                       outputs: {exitCode: '4', parameters: [{name: reason, value: GroupsActive},
                         {name: exit-code, value: '4'}, {name: message, value: 'group orders is active'}]}}
                """));

        assertThat(outcome.state()).isEqualTo(RunOutcome.State.FAILED);
        assertThat(outcome.results()).containsEntry("reason", "GroupsActive").containsEntry("exit-code", "4");
        assertThat(outcome.message()).isEqualTo("group orders is active");
    }

    @Test
    void withoutAMessageOutputTheWorkflowsMessageSaysWhatHappened() {
        RunOutcome refused = reader.read(workflow("""
                status: {phase: Failed, startedAt: '2026-01-02T03:04:05Z', finishedAt: '2026-01-02T03:04:05Z',
                  message: "invalid spec: template name 'x' undefined"}
                """));
        RunOutcome error = reader.read(
                workflow("status: {phase: Error, startedAt: '2026-01-02T03:04:05Z', message: pod deleted}"));

        assertThat(refused.state()).isEqualTo(RunOutcome.State.FAILED);
        assertThat(refused.results()).isEmpty();
        assertThat(refused.message()).isEqualTo("invalid spec: template name 'x' undefined");
        assertThat(error.state()).isEqualTo(RunOutcome.State.FAILED);
        assertThat(error.message()).isEqualTo("pod deleted");
    }
}
