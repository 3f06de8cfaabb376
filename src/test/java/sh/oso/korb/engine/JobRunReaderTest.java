package sh.oso.korb.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sh.oso.korb.engine.RunOutcome.State;

/**
 * A Job's state from its conditions, and its outcome from the termination message of the right pod: the one that
 * succeeded, or the last to end; pods of retries may share a creation second, and the pods may be gone.
 */
@EnableKubernetesMockClient(crud = true)
class JobRunReaderTest {

    static KubernetesClient kubernetes;

    private static final String NAMESPACE = "kafka-backup";
    private static final String STARTED = "2026-11-24T06:00:01Z";

    private final String name = "rollback-" + UUID.randomUUID().toString().substring(0, 8) + "-g1";
    private final String uid = UUID.randomUUID().toString();

    private Job job(String condition, String message) {
        JobBuilder job = new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withUid(uid)
                .endMetadata()
                .withNewStatus()
                .withStartTime(STARTED)
                .endStatus();
        if (condition != null) {
            job.editStatus()
                    .addNewCondition()
                    .withType(condition)
                    .withStatus("True")
                    .withReason(condition.equals("Failed") ? "BackoffLimitExceeded" : null)
                    .withMessage(message)
                    .withLastTransitionTime("2026-11-24T06:00:09Z")
                    .endCondition()
                    .withCompletionTime(condition.equals("Complete") ? "2026-11-24T06:00:09Z" : null)
                    .endStatus();
        }
        return job.build();
    }

    /** A pod of the Job, created in the same second as the others, its container ended with this message. */
    private void pod(String podName, String phase, String finishedAt, String terminationMessage, String ofJob) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(podName)
                .withNamespace(NAMESPACE)
                .withCreationTimestamp("2026-11-24T06:00:02Z")
                .addToLabels(JobFactory.JOB_NAME_LABEL, name)
                .addToLabels(JobFactory.CONTROLLER_UID_LABEL, ofJob)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .addNewContainerStatus()
                .withName("rollback")
                .withNewState()
                .withNewTerminated()
                .withExitCode(phase.equals("Succeeded") ? 0 : 1)
                .withFinishedAt(finishedAt)
                .withMessage(terminationMessage)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
        kubernetes.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    private RunOutcome read(Job job) {
        return new JobRunReader(kubernetes).read(job);
    }

    @Test
    void aJobNotStartedIsPendingAndOneWithoutAConditionRunning() {
        Job pending = job(null, null);
        pending.getStatus().setStartTime(null);

        assertThat(read(pending).state()).isEqualTo(State.PENDING);
        assertThat(read(job(null, null)).state()).isEqualTo(State.RUNNING);
        assertThat(read(job(null, null)).startTime()).isEqualTo(STARTED);
    }

    @Test
    void aCompleteJobsOutcomeIsThatOfThePodThatSucceededNotOfAFailedAttemptOfTheSameSecond() {
        pod(name + "-b", "Failed", "2026-11-24T06:00:03Z", "{\"message\":\"first attempt\",\"exit-code\":\"1\"}", uid);
        pod(
                name + "-a",
                "Succeeded",
                "2026-11-24T06:00:08Z",
                "{\"reason\":\"RollbackCompleted\",\"message\":\"done\"," + "\"undo-snapshot-id\":\"before-undo-1\"}",
                uid);

        RunOutcome outcome = read(job("Complete", null));

        assertThat(outcome.state()).isEqualTo(State.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("done");
        assertThat(outcome.results())
                .containsEntry("reason", "RollbackCompleted")
                .containsEntry("undo-snapshot-id", "before-undo-1");
        assertThat(outcome.completionTime()).isEqualTo("2026-11-24T06:00:09Z");
    }

    @Test
    void aFailedJobsOutcomeIsThatOfTheAttemptThatEndedLastAndNotOfAnEarlierJobOfTheSameName() {
        pod(name + "-z", "Failed", "2026-11-24T06:00:03Z", "{\"message\":\"first attempt\"}", uid);
        pod(name + "-a", "Failed", "2026-11-24T06:00:07Z", "{\"message\":\"second attempt\",\"exit-code\":\"1\"}", uid);
        pod(name + "-y", "Failed", "2026-11-24T06:00:08Z", "{\"message\":\"a Job deleted before\"}", "another-uid");

        RunOutcome outcome = read(job("Failed", "Job has reached the specified backoff limit"));

        assertThat(outcome.state()).isEqualTo(State.FAILED);
        assertThat(outcome.message()).isEqualTo("second attempt");
        assertThat(outcome.completionTime())
                .as("Kubernetes sets completionTime on success only")
                .isEqualTo("2026-11-24T06:00:09Z");
    }

    @Test
    void aKilledContainerLeavesTheJobsOwnMessage() {
        pod(name + "-a", "Failed", "2026-11-24T06:00:03Z", "", uid);

        RunOutcome outcome = read(job("Failed", "Job was active longer than specified deadline"));

        assertThat(outcome.state()).isEqualTo(State.FAILED);
        assertThat(outcome.results()).isEmpty();
        assertThat(outcome.message()).isEqualTo("Job was active longer than specified deadline");
    }

    @Test
    void aFinishedJobWhosePodsAreGoneSaysItsResultsAreLost() {
        RunOutcome outcome = read(job("Complete", null));

        assertThat(outcome.state()).isEqualTo(State.SUCCEEDED);
        assertThat(outcome.results()).isEmpty();
        assertThat(outcome.message())
                .isEqualTo("the Job's pods are gone (deleted with the Job?), and with them its results: check the"
                        + " store and Kafka");
    }
}
