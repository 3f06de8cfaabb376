package sh.oso.korb.workflow;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' Job controller (with the kubelet and the TTL-after-finished controller), as far as korb's
 * controller can tell: it picks up each new Job, refuses it as the API server would ({@link JobValidation}),
 * runs one pod per attempt with the container's command, arguments and environment (downward-API labels
 * resolved, Secret and ConfigMap volumes as files read from the API, claims as directories) through {@link Container},
 * writes each pod's status with the termination message the kubelet keeps (its first 4,096 bytes), and the Job's
 * status as {@code pkg/controller/job/job_controller.go} does: {@code startTime}, the active/succeeded/failed
 * counts, {@code SuccessCriteriaMet} and {@code Complete} with {@code completionTime} on success,
 * {@code FailureTarget} and {@code Failed} with reason {@code BackoffLimitExceeded}, {@code PodFailurePolicy} or
 * {@code DeadlineExceeded} on failure. {@code backoffLimit} retries run at once (Kubernetes waits an exponential
 * back-off between them, which changes nothing korb can see). A Job that finished is deleted with its pods
 * {@code ttlSecondsAfterFinished} later.
 *
 * <p>A Job the API server would refuse cannot be refused here (the mock server stored it): it is marked
 * {@code Failed} at once with reason {@code Invalid} and the API server's message, so that a test sees what a
 * cluster would have answered, and no pod runs. Jobs run one at a time, in the order they were created.
 */
public final class JobStandIn implements EngineStandIn {

    /** What the kubelet keeps of a termination message. */
    public static final int TERMINATION_MESSAGE_LIMIT = 4096;

    private static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    private static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    private static final Pattern LABEL_FIELD = Pattern.compile("metadata\\.labels\\['(.+)'\\]");
    /** The characters Kubernetes' name generator uses (no vowels, no confusable digits). */
    private static final String NAME_CHARACTERS = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final Container container;
    private final Path work;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Path> claims = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService ttl = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-stand-in-ttl");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Predicate<HasMetadata> paused = run -> false;

    public JobStandIn(KubernetesClient client, Container container, Path work) {
        this.client = client;
        this.container = container;
        this.work = work;
    }

    @Override
    public JobStandIn start() {
        loop.scheduleWithFixedDelay(this::pickUp, 0, 50, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public JobStandIn hold(Predicate<HasMetadata> run) {
        paused = run;
        return this;
    }

    @Override
    public void release() {
        paused = run -> false;
        holds.values().forEach(CountDownLatch::countDown);
    }

    @Override
    public JobStandIn claim(String name, Path directory) {
        claims.put(name, directory);
        return this;
    }

    @Override
    public void close() {
        release();
        EngineStandIn.stop(loop, ttl);
    }

    private void pickUp() {
        try {
            client.resources(Job.class).inAnyNamespace().list().getItems().stream()
                    .filter(job -> job.getStatus() == null || job.getStatus().getStartTime() == null)
                    .filter(job -> seen.add(job.getMetadata().getUid()))
                    .sorted((a, b) -> a.getMetadata()
                            .getCreationTimestamp()
                            .compareTo(b.getMetadata().getCreationTimestamp()))
                    .forEach(this::execute);
        } catch (RuntimeException e) {
            // Keep polling: one broken Job must not stop the others (the test sees its status, or its absence).
            e.printStackTrace();
        }
    }

    private void execute(Job job) {
        Instant start = Instant.now();
        JobStatus status = new JobStatus();
        status.setStartTime(start.toString());
        status.setActive(0);
        status.setSucceeded(0);
        status.setFailed(0);
        List<String> refused = JobValidation.errors(job);
        if (!refused.isEmpty()) {
            fail(job, status, "Invalid", JobValidation.message(job, refused));
            return;
        }
        status.setActive(1);
        if (!updateStatus(job, status)) {
            return;
        }
        Optional<Instant> deadline = Optional.ofNullable(job.getSpec().getActiveDeadlineSeconds())
                .map(seconds -> start.plusSeconds(seconds));
        if (paused.test(job) && !awaitRelease(job, deadline)) {
            return;
        }
        int backoffLimit = Optional.ofNullable(job.getSpec().getBackoffLimit()).orElse(6);
        while (true) {
            if (deadline.isPresent() && Instant.now().isAfter(deadline.get())) {
                status.setActive(0);
                fail(job, status, "DeadlineExceeded", "Job was active longer than specified deadline");
                return;
            }
            Pod pod = runPod(job);
            int exitCode = pod.getStatus()
                    .getContainerStatuses()
                    .get(0)
                    .getState()
                    .getTerminated()
                    .getExitCode();
            status.setActive(0);
            if (deadline.isPresent() && Instant.now().isAfter(deadline.get())) {
                // Kubernetes kills a pod still running at the deadline: whatever it would have ended with, the Job
                // fails (the in-JVM container cannot be killed mid-run; its outcome is discarded as the kill would)
                status.setFailed(status.getFailed() + 1);
                fail(job, status, "DeadlineExceeded", "Job was active longer than specified deadline");
                return;
            }
            if (exitCode == 0) {
                status.setSucceeded(1);
                succeed(job, status);
                return;
            }
            Optional<String> failJob = failJobRule(job, pod, exitCode);
            status.setFailed(status.getFailed() + 1);
            if (failJob.isPresent()) {
                fail(job, status, "PodFailurePolicy", failJob.get());
                return;
            }
            if (status.getFailed() > backoffLimit) {
                fail(job, status, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
                return;
            }
            status.setActive(1);
            if (!updateStatus(job, status)) {
                return;
            }
        }
    }

    /** False when the deadline passed while the Job was held, which then failed as Kubernetes fails it. */
    private boolean awaitRelease(Job job, Optional<Instant> deadline) {
        CountDownLatch latch = holds.computeIfAbsent(job.getMetadata().getUid(), uid -> new CountDownLatch(1));
        long wait = deadline.map(
                        at -> Math.max(0, Duration.between(Instant.now(), at).toMillis()))
                .orElse(TimeUnit.SECONDS.toMillis(60));
        try {
            if (latch.await(wait, TimeUnit.MILLISECONDS) || deadline.isEmpty()) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        JobStatus status = current(job).map(Job::getStatus).orElse(null);
        if (status != null) {
            status.setActive(0);
            fail(job, status, "DeadlineExceeded", "Job was active longer than specified deadline");
        }
        return false;
    }

    /** The message of the first FailJob rule the failed pod matches, as the Job controller writes it. */
    private static Optional<String> failJobRule(Job job, Pod pod, int exitCode) {
        if (job.getSpec().getPodFailurePolicy() == null) {
            return Optional.empty();
        }
        List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
        String containerName = pod.getStatus().getContainerStatuses().get(0).getName();
        for (int index = 0; index < rules.size(); index++) {
            PodFailurePolicyOnExitCodesRequirement onExitCodes =
                    rules.get(index).getOnExitCodes();
            if (onExitCodes == null
                    || (onExitCodes.getContainerName() != null
                            && !onExitCodes.getContainerName().equals(containerName))) {
                continue;
            }
            boolean in = onExitCodes.getValues().contains(exitCode);
            if (onExitCodes.getOperator().equals("In") != in) {
                continue;
            }
            switch (rules.get(index).getAction()) {
                case "FailJob":
                    return Optional.of("Container " + containerName + " for pod "
                            + pod.getMetadata().getNamespace()
                            + "/" + pod.getMetadata().getName() + " failed with exit code " + exitCode
                            + " matching FailJob rule at index " + index);
                case "Count", "Ignore":
                    return Optional.empty();
                default:
                // an unknown action: the controller skips the rule
            }
        }
        return Optional.empty();
    }

    /** One attempt: a pod created, its container run, its status written as the kubelet does. */
    private Pod runPod(Job job) {
        String namespace = job.getMetadata().getNamespace();
        Pod pod = client.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(job.getMetadata().getName() + "-" + suffix())
                        .withNamespace(namespace)
                        .addToLabels(JOB_NAME_LABEL, job.getMetadata().getName())
                        .addToLabels(CONTROLLER_UID_LABEL, job.getMetadata().getUid())
                        .addToLabels("job-name", job.getMetadata().getName())
                        .addToLabels("controller-uid", job.getMetadata().getUid())
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("batch/v1")
                                .withKind("Job")
                                .withName(job.getMetadata().getName())
                                .withUid(job.getMetadata().getUid())
                                .withController(true)
                                .withBlockOwnerDeletion(true)
                                .build())
                        .endMetadata()
                        .withSpec(job.getSpec().getTemplate().getSpec())
                        .build())
                .create();
        io.fabric8.kubernetes.api.model.Container spec =
                pod.getSpec().getContainers().get(0);
        Map<String, Path> mounts = mounts(pod);
        Path terminationFile = work.resolve("termination-" + pod.getMetadata().getUid());
        String terminationPath =
                Optional.ofNullable(spec.getTerminationMessagePath()).orElse("/dev/termination-log");
        mounts.put(terminationPath, terminationFile);
        Container.Exit exit;
        try {
            exit = container.run(
                    Optional.ofNullable(spec.getCommand()).orElse(List.of()),
                    Optional.ofNullable(spec.getArgs()).orElse(List.of()),
                    environment(spec.getEnv(), pod),
                    mounts);
        } catch (WorkflowException e) {
            // what a real container would not start with: the runtime's exit code for a command it cannot run
            exit = new Container.Exit(127, e.getMessage());
        }
        pod.setStatus(new PodStatusBuilder()
                .withPhase(exit.code() == 0 ? "Succeeded" : "Failed")
                .withStartTime(Instant.now().toString())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(spec.getName())
                        .withImage(spec.getImage())
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exit.code())
                        .withReason(exit.code() == 0 ? "Completed" : "Error")
                        .withMessage(terminationMessage(terminationFile))
                        .withFinishedAt(Instant.now().toString())
                        .endTerminated()
                        .endState()
                        .build())
                .build());
        return client.resource(pod).updateStatus();
    }

    /** The termination message file's first 4,096 bytes, as the kubelet reads it; none when it was not written. */
    private static String terminationMessage(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            int length = Math.min(bytes.length, TERMINATION_MESSAGE_LIMIT);
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> environment(List<EnvVar> env, Pod pod) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : Optional.ofNullable(env).orElse(List.of())) {
            if (variable.getValueFrom() == null) {
                environment.put(
                        variable.getName(),
                        Optional.ofNullable(variable.getValue()).orElse(""));
                continue;
            }
            String fieldPath = variable.getValueFrom().getFieldRef() == null
                    ? null
                    : variable.getValueFrom().getFieldRef().getFieldPath();
            Matcher label = LABEL_FIELD.matcher(fieldPath == null ? "" : fieldPath);
            if (!label.matches()) {
                throw new WorkflowException("the Job stand-in resolves only fieldRef metadata.labels['...'], not "
                        + variable.getValueFrom());
            }
            environment.put(
                    variable.getName(),
                    Optional.ofNullable(pod.getMetadata().getLabels().get(label.group(1)))
                            .orElse(""));
        }
        return environment;
    }

    /** Each volume mount's path as a directory: a Secret's keys as files, a claim as its directory. */
    private Map<String, Path> mounts(Pod pod) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        io.fabric8.kubernetes.api.model.Container spec =
                pod.getSpec().getContainers().get(0);
        for (VolumeMount mount : Optional.ofNullable(spec.getVolumeMounts()).orElse(List.of())) {
            Volume volume = pod.getSpec().getVolumes().stream()
                    .filter(each -> each.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow(() -> new WorkflowException("volume mount " + mount.getName() + " has no volume"));
            if (volume.getSecret() != null) {
                Optional<Path> directory = secret(pod, volume.getSecret().getSecretName());
                if (directory.isEmpty()
                        && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
                    throw EngineStandIn.volumeNotFound(
                            volume.getName(), "secret", volume.getSecret().getSecretName());
                }
                directory.ifPresent(found -> mounts.put(mount.getMountPath(), found));
            } else if (volume.getPersistentVolumeClaim() != null) {
                Path directory = claims.get(volume.getPersistentVolumeClaim().getClaimName());
                if (directory != null) {
                    mounts.put(mount.getMountPath(), directory);
                }
            } else if (volume.getConfigMap() != null) {
                Optional<Path> directory = configMap(pod, volume.getConfigMap().getName());
                if (directory.isEmpty()
                        && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                    // the kubelet never starts such a pod; it reports why, as here
                    throw EngineStandIn.volumeNotFound(
                            volume.getName(), "configmap", volume.getConfigMap().getName());
                }
                directory.ifPresent(found -> mounts.put(mount.getMountPath(), found));
            }
        }
        return mounts;
    }

    /** A ConfigMap's keys as files (a KafkaOffsetReset's mapping); none when it does not exist. */
    private Optional<Path> configMap(Pod pod, String name) {
        return Optional.ofNullable(client.configMaps()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(name)
                        .get())
                .map(configMap -> EngineStandIn.mount(
                        work.resolve("configmap-" + pod.getMetadata().getUid() + "-" + name),
                        EngineStandIn.files(configMap)));
    }

    private Optional<Path> secret(Pod pod, String name) {
        return Optional.ofNullable(client.secrets()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(name)
                        .get())
                .map(secret -> EngineStandIn.mount(
                        work.resolve("secret-" + pod.getMetadata().getUid() + "-" + name),
                        EngineStandIn.files(secret)));
    }

    private void succeed(Job job, JobStatus status) {
        String now = Instant.now().toString();
        String message = "Reached expected number of succeeded pods";
        status.setConditions(new ArrayList<>(List.of(
                condition("SuccessCriteriaMet", "CompletionsReached", message, now),
                condition("Complete", "CompletionsReached", message, now))));
        status.setCompletionTime(now);
        finished(job, status);
    }

    private void fail(Job job, JobStatus status, String reason, String message) {
        String now = Instant.now().toString();
        status.setConditions(new ArrayList<>(
                List.of(condition("FailureTarget", reason, message, now), condition("Failed", reason, message, now))));
        finished(job, status);
    }

    private void finished(Job job, JobStatus status) {
        if (updateStatus(job, status) && job.getSpec().getTtlSecondsAfterFinished() != null) {
            ttl.schedule(() -> deleteWithPods(job), job.getSpec().getTtlSecondsAfterFinished(), TimeUnit.SECONDS);
        }
    }

    /**
     * The TTL-after-finished controller's deletion, which is in the foreground: the garbage collector deletes the
     * pods the Job owns first, and the Job (still there, with its conditions) after them.
     */
    private void deleteWithPods(Job job) {
        try {
            client.pods()
                    .inNamespace(job.getMetadata().getNamespace())
                    .withLabel(CONTROLLER_UID_LABEL, job.getMetadata().getUid())
                    .delete();
            client.resource(job).delete();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private static JobCondition condition(String type, String reason, String message, String now) {
        return new JobConditionBuilder()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastProbeTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    private Optional<Job> current(Job job) {
        return Optional.ofNullable(client.resources(Job.class)
                        .inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName())
                        .get())
                .filter(found ->
                        job.getMetadata().getUid().equals(found.getMetadata().getUid()));
    }

    /** False when the Job is gone (its resource was deleted meanwhile). */
    private boolean updateStatus(Job job, JobStatus status) {
        try {
            Optional<Job> current = current(job);
            if (current.isEmpty()) {
                return false;
            }
            current.get().setStatus(status);
            client.resource(current.get()).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_CHARACTERS.charAt(random.nextInt(NAME_CHARACTERS.length())));
        }
        return suffix.toString();
    }
}
