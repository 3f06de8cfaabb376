package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.testing.CliRun;

/** The Job stand-in keeps the Job controller's rules: retries, the pod failure policy, the deadline, the TTL. */
@EnableKubernetesMockClient(crud = true)
class JobStandInTest {

    static KubernetesClient kubernetes;

    @TempDir
    Path work;

    private final AtomicInteger attempts = new AtomicInteger();
    private JobStandIn standIn;

    /** A stand-in whose command {@code step} exits with {@code exitCode(attempt)} and says so in its message. */
    private JobStandIn standIn(IntUnaryOperator exitCode) {
        Container container = new Container(new CliRun()).command("step", env -> {
            int attempt = attempts.getAndIncrement();
            int code = exitCode.applyAsInt(attempt);
            try {
                Files.writeString(Path.of(env.get("MESSAGE_FILE")), "{\"exit-code\":\"" + code + "\"}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Container.Exit(code, "");
        });
        standIn = new JobStandIn(kubernetes, container, work);
        return standIn;
    }

    @AfterEach
    void tearDown() {
        if (standIn != null) {
            standIn.close();
        }
    }

    private static JobBuilder job(String name) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("test")
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewPodFailurePolicy()
                .addNewRule()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName("step")
                .withOperator("In")
                .withValues(2, 3, 4, 5)
                .endOnExitCodes()
                .endRule()
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("step")
                .withImage("example/step")
                .withCommand("step")
                .addNewEnv()
                .withName("MESSAGE_FILE")
                .withValue("/dev/termination-log")
                .endEnv()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
    }

    private static Job finished(String name) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> condition(get(name), "Complete") != null || condition(get(name), "Failed") != null);
        return get(name);
    }

    private static Job get(String name) {
        return kubernetes
                .resources(Job.class)
                .inNamespace("test")
                .withName(name)
                .get();
    }

    private static JobCondition condition(Job job, String type) {
        return job == null || job.getStatus() == null || job.getStatus().getConditions() == null
                ? null
                : job.getStatus().getConditions().stream()
                        .filter(condition -> condition.getType().equals(type))
                        .findFirst()
                        .orElse(null);
    }

    private static List<Pod> pods(String name) {
        return kubernetes
                .pods()
                .inNamespace("test")
                .withLabel("batch.kubernetes.io/job-name", name)
                .list()
                .getItems();
    }

    @Test
    void exitOneIsRetriedUpToTheBackoffLimitEachAttemptANewPod() {
        standIn(attempt -> 1).start();
        kubernetes.resource(job("always-one").build()).create();

        Job job = finished("always-one");

        assertThat(condition(job, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(condition(job, "Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(condition(job, "FailureTarget")).isNotNull();
        assertThat(job.getStatus().getFailed()).isEqualTo(3);
        assertThat(job.getStatus().getCompletionTime()).isNull();
        assertThat(pods("always-one")).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
            assertThat(pod.getMetadata().getLabels())
                    .containsEntry(
                            "batch.kubernetes.io/controller-uid",
                            job.getMetadata().getUid());
            assertThat(pod.getMetadata().getOwnerReferences().get(0).getUid())
                    .isEqualTo(job.getMetadata().getUid());
            assertThat(pod.getStatus()
                            .getContainerStatuses()
                            .get(0)
                            .getState()
                            .getTerminated()
                            .getMessage())
                    .isEqualTo("{\"exit-code\":\"1\"}");
        });
    }

    @Test
    void aRetryThatSucceedsCompletesTheJobAsKubernetesDoes() {
        standIn(attempt -> attempt == 0 ? 1 : 0).start();
        kubernetes.resource(job("second-time").build()).create();

        Job job = finished("second-time");

        assertThat(condition(job, "Complete").getReason()).isEqualTo("CompletionsReached");
        assertThat(condition(job, "SuccessCriteriaMet").getMessage())
                .isEqualTo("Reached expected number of succeeded pods");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        assertThat(job.getStatus().getCompletionTime()).isNotNull();
        assertThat(pods("second-time")).hasSize(2);
    }

    @Test
    void thePodFailurePolicyFailsTheJobAtOnceOnAnAnswer() {
        standIn(attempt -> 4).start();
        kubernetes.resource(job("group-active").build()).create();

        Job job = finished("group-active");

        assertThat(pods("group-active"))
                .singleElement()
                .satisfies(pod -> assertThat(condition(job, "Failed").getMessage())
                        .isEqualTo("Container step for pod test/"
                                + pod.getMetadata().getName()
                                + " failed with exit code 4 matching FailJob rule at index 0"));
        assertThat(condition(job, "Failed").getReason()).isEqualTo("PodFailurePolicy");
    }

    @Test
    void aJobHeldPastItsDeadlineFailsWithDeadlineExceeded() {
        standIn(attempt -> 0).hold(run -> true).start();
        kubernetes
                .resource(job("slow")
                        .editSpec()
                        .withActiveDeadlineSeconds(1L)
                        .endSpec()
                        .build())
                .create();

        Job job = finished("slow");

        assertThat(condition(job, "Failed").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(condition(job, "Failed").getMessage()).isEqualTo("Job was active longer than specified deadline");
        assertThat(pods("slow")).isEmpty();
    }

    @Test
    void aPodStillRunningAtTheDeadlineFailsTheJobThoughItWouldHaveSucceeded() {
        // the container runs until the Job's deadline (its start time as the Job controller wrote it, plus 1 s) is past
        standIn(attempt -> {
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        Job running = get("overrun");
                        return running.getStatus() != null
                                && running.getStatus().getStartTime() != null
                                && Instant.now()
                                        .isAfter(Instant.parse(
                                                        running.getStatus().getStartTime())
                                                .plusSeconds(running.getSpec().getActiveDeadlineSeconds()));
                    });
                    return 0;
                })
                .start();
        kubernetes
                .resource(job("overrun")
                        .editSpec()
                        .withActiveDeadlineSeconds(1L)
                        .endSpec()
                        .build())
                .create();

        Job job = finished("overrun");

        assertThat(condition(job, "Failed").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(condition(job, "Complete")).isNull();
        assertThat(job.getStatus().getSucceeded()).isZero();
    }

    @Test
    void aFinishedJobIsDeletedWithItsPodsAfterItsTtl() {
        standIn(attempt -> 0).start();
        kubernetes
                .resource(job("short-lived")
                        .editSpec()
                        .withTtlSecondsAfterFinished(1)
                        .endSpec()
                        .build())
                .create();
        finished("short-lived");
        assertThat(pods("short-lived")).hasSize(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> get("short-lived") == null);
        assertThat(pods("short-lived")).isEmpty();
    }

    @Test
    void aJobTheApiServerWouldRefuseFailsWithItsMessageAndRunsNothing() {
        standIn(attempt -> 0).start();
        kubernetes
                .resource(job("on-failure")
                        .editSpec()
                        .editTemplate()
                        .editSpec()
                        .withRestartPolicy("OnFailure")
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();

        Job job = finished("on-failure");

        assertThat(condition(job, "Failed").getMessage())
                .isEqualTo("Job.batch \"on-failure\" is invalid: spec.template.spec.restartPolicy: Invalid value:"
                        + " \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified");
        assertThat(pods("on-failure")).isEmpty();
    }

    @Test
    void theTerminationMessageIsCutAt4096BytesAsTheKubeletCutsIt() {
        Container container = new Container(new CliRun()).command("step", env -> {
            try {
                Files.writeString(Path.of(env.get("MESSAGE_FILE")), "x".repeat(5_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Container.Exit(0, "");
        });
        standIn = new JobStandIn(kubernetes, container, work).start();
        kubernetes.resource(job("long-message").build()).create();
        finished("long-message");

        assertThat(pods("long-message")
                        .get(0)
                        .getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getMessage())
                .hasSize(JobStandIn.TERMINATION_MESSAGE_LIMIT);
    }
}
