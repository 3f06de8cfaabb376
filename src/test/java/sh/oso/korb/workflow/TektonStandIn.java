package sh.oso.korb.workflow;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ChildStatusReferenceBuilder;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResult;
import io.fabric8.tekton.v1.TaskRun;
import io.fabric8.tekton.v1.TaskRunBuilder;
import io.fabric8.tekton.v1.TaskRunResult;
import io.fabric8.tekton.v1.WorkspaceBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
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

/**
 * Tekton's controller, as far as korb's controller can tell: it picks up each new PipelineRun, marks it
 * running, runs it with {@link TektonRunner} (the real executor, broker and stores), then writes a TaskRun and
 * the PipelineRun's status the way Tekton does (condition {@code Succeeded} with reason {@code Succeeded} or
 * {@code Failed}, {@code childReferences}, results). Secrets bound as workspaces are read from the API and
 * mounted as files. Runs happen one at a time, in the order they were created.
 */
public final class TektonStandIn implements EngineStandIn {

    private final KubernetesClient client;
    private final Container container;
    private final Path work;
    private final Map<String, Path> claims = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tekton-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Predicate<HasMetadata> paused = run -> false;

    public TektonStandIn(KubernetesClient client, Container container, Path work) {
        this.client = client;
        this.container = container;
        this.work = work;
    }

    /** Creates Tekton's PipelineRun and TaskRun CRDs, so their status subresources behave as in a cluster. */
    public static void installCrds(KubernetesClient client) {
        for (String file : List.of("300-pipelinerun.yaml", "300-taskrun.yaml")) {
            CustomResourceDefinition crd = Serialization.unmarshal(
                    Yaml.read(Schemas.SHARED.resolve("tekton").resolve(file)).toString(),
                    CustomResourceDefinition.class);
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .createOr(existing -> existing.update());
        }
    }

    @Override
    public TektonStandIn claim(String name, Path directory) {
        claims.put(name, directory);
        return this;
    }

    /** Keeps PipelineRuns matching {@code test} running (started, not finished) until {@link #release()}. */
    @Override
    public TektonStandIn hold(Predicate<HasMetadata> test) {
        paused = test;
        return this;
    }

    @Override
    public void release() {
        paused = run -> false;
        holds.values().forEach(CountDownLatch::countDown);
    }

    @Override
    public TektonStandIn start() {
        loop.scheduleWithFixedDelay(this::pickUp, 0, 50, TimeUnit.MILLISECONDS);
        return this;
    }

    private void pickUp() {
        try {
            client.resources(PipelineRun.class).inAnyNamespace().list().getItems().stream()
                    .filter(run -> run.getStatus() == null
                            && seen.add(run.getMetadata().getUid()))
                    .sorted((a, b) -> a.getMetadata()
                            .getCreationTimestamp()
                            .compareTo(b.getMetadata().getCreationTimestamp()))
                    .forEach(this::execute);
        } catch (RuntimeException e) {
            // Keep polling: one broken run must not stop the others (the test sees its status, or its absence).
            e.printStackTrace();
        }
    }

    private void execute(PipelineRun run) {
        String startTime = Instant.now().toString();
        run.setStatus(new io.fabric8.tekton.v1.PipelineRunStatusBuilder()
                .withStartTime(startTime)
                .withConditions(
                        condition("Unknown", "Running", "Tasks Completed: 0 (Failed: 0, Cancelled 0), Incomplete: 1"))
                .build());
        if (!updateStatus(run)) {
            return;
        }
        if (paused.test(run)) {
            CountDownLatch latch = holds.computeIfAbsent(run.getMetadata().getUid(), uid -> new CountDownLatch(1));
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        TektonRunner runner =
                TektonRunner.installed(container, work, run.getMetadata().getNamespace());
        claims.forEach(runner::claim);
        mountSecrets(run, runner);
        mountConfigMaps(run, runner);
        TektonRunner.PipelineRun result;
        try {
            result = runner.run(Yaml.MAPPER.readTree(Serialization.asJson(run)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WorkflowException e) {
            // What Tekton's validation would refuse: the PipelineRun fails without running anything.
            finish(run, startTime, false, "CouldntGetPipeline", e.getMessage(), List.of(), Map.of());
            return;
        }
        List<TaskRun> taskRuns = result.taskRuns().values().stream()
                .filter(taskRun -> taskRun.status() != TektonRunner.Status.SKIPPED)
                .map(taskRun -> taskRun(run, taskRun, startTime))
                .toList();
        boolean succeeded = result.status() == TektonRunner.Status.SUCCEEDED;
        finish(
                run,
                startTime,
                succeeded,
                succeeded ? "Succeeded" : "Failed",
                "Tasks Completed: " + taskRuns.size() + " (Failed: " + (succeeded ? 0 : 1)
                        + ", Cancelled 0), Skipped: 0",
                taskRuns,
                result.results());
    }

    private TaskRun taskRun(PipelineRun run, TektonRunner.TaskRun result, String startTime) {
        boolean succeeded = result.status() == TektonRunner.Status.SUCCEEDED;
        TaskRun taskRun = new TaskRunBuilder()
                .withNewMetadata()
                .withName(run.getMetadata().getName() + "-" + result.name())
                .withNamespace(run.getMetadata().getNamespace())
                .addToLabels("tekton.dev/pipelineRun", run.getMetadata().getName())
                .addToLabels("tekton.dev/pipelineTask", result.name())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
        taskRun = client.resource(taskRun).create();
        taskRun.setStatus(new io.fabric8.tekton.v1.TaskRunStatusBuilder()
                .withStartTime(startTime)
                .withCompletionTime(Instant.now().toString())
                .withConditions(condition(
                        succeeded ? "True" : "False",
                        succeeded ? "Succeeded" : "Failed",
                        succeeded
                                ? "All Steps have completed executing"
                                : "\"step-" + result.name() + "\" exited with code " + exitCode(result.output())))
                .withResults(result.results().entrySet().stream()
                        .map(entry -> new TaskRunResult(entry.getKey(), "string", new ParamValue(entry.getValue())))
                        .toList())
                .build());
        return client.resource(taskRun).updateStatus();
    }

    private void finish(
            PipelineRun run,
            String startTime,
            boolean succeeded,
            String reason,
            String message,
            List<TaskRun> taskRuns,
            Map<String, String> results) {
        run.setStatus(new io.fabric8.tekton.v1.PipelineRunStatusBuilder()
                .withStartTime(startTime)
                .withCompletionTime(Instant.now().toString())
                .withConditions(condition(succeeded ? "True" : "False", reason, message))
                .withChildReferences(taskRuns.stream()
                        .map(taskRun -> new ChildStatusReferenceBuilder()
                                .withApiVersion("tekton.dev/v1")
                                .withKind("TaskRun")
                                .withName(taskRun.getMetadata().getName())
                                .withPipelineTaskName(
                                        taskRun.getMetadata().getLabels().get("tekton.dev/pipelineTask"))
                                .build())
                        .toList())
                .withResults(results.entrySet().stream()
                        .map(entry -> new PipelineRunResult(entry.getKey(), new ParamValue(entry.getValue())))
                        .toList())
                .build());
        updateStatus(run);
    }

    /** False when the PipelineRun is gone (its resource was deleted meanwhile). */
    private boolean updateStatus(PipelineRun run) {
        try {
            PipelineRun current = client.resources(PipelineRun.class)
                    .inNamespace(run.getMetadata().getNamespace())
                    .withName(run.getMetadata().getName())
                    .get();
            if (current == null) {
                return false;
            }
            current.setStatus(run.getStatus());
            client.resource(current).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Secrets bound as workspaces, read from the API as Tekton mounts them (a missing one is left to the runner). */
    private void mountSecrets(PipelineRun run, TektonRunner runner) {
        for (WorkspaceBinding binding : run.getSpec().getWorkspaces()) {
            if (binding.getSecret() == null) {
                continue;
            }
            String name = binding.getSecret().getSecretName();
            Optional.ofNullable(client.secrets()
                            .inNamespace(run.getMetadata().getNamespace())
                            .withName(name)
                            .get())
                    .ifPresent(secret -> runner.secret(
                            name,
                            EngineStandIn.mount(
                                    work.resolve("secret-" + run.getMetadata().getUid() + "-" + name),
                                    EngineStandIn.files(secret))));
        }
    }

    /** ConfigMaps bound as workspaces (a KafkaOffsetReset's mapping), read from the API as Tekton mounts them. */
    private void mountConfigMaps(PipelineRun run, TektonRunner runner) {
        for (WorkspaceBinding binding : run.getSpec().getWorkspaces()) {
            if (binding.getConfigMap() == null) {
                continue;
            }
            String name = binding.getConfigMap().getName();
            Optional.ofNullable(client.configMaps()
                            .inNamespace(run.getMetadata().getNamespace())
                            .withName(name)
                            .get())
                    .ifPresent(configMap -> runner.configMap(
                            name,
                            EngineStandIn.mount(
                                    work.resolve(
                                            "configmap-" + run.getMetadata().getUid() + "-" + name),
                                    EngineStandIn.files(configMap))));
        }
    }

    private static Condition condition(String status, String reason, String message) {
        return new ConditionBuilder()
                .withType("Succeeded")
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(Instant.now().toString())
                .build();
    }

    private static String exitCode(String output) {
        return output.startsWith("exit ")
                ? output.substring(5, output.indexOf('\n') < 0 ? output.length() : output.indexOf('\n'))
                        .trim()
                : "1";
    }

    @Override
    public void close() {
        release();
        EngineStandIn.stop(loop);
    }
}
