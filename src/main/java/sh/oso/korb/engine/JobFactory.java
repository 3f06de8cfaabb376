package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.oso.korb.api.JobSpec;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Operation;
import sh.oso.korb.error.ExitCode;

/**
 * The Job for one resource generation (a KafkaOffsetRollback's or a KafkaOffsetReset's). Its one container is the operation's Task step, its variables substituted
 * as Tekton would: the environment comes from {@link RunParams} or {@link ResetRunParams} (the one mapping of each
 * spec to the Tasks' params) through the Task's own {@code env}, so that the spec reaches the executor the same way on every engine
 * and is never mapped again here. What only Tekton provides is replaced: the TaskRun's uid by the Job's uid
 * (the same in every pod of the Job, as the TaskRun's in every retry), the results directory by the termination
 * message, which is where Kubernetes keeps what a container says when it ends.
 *
 * <p>The spec's {@code job} fields are the Job's own; retries stop at once on the executor's answers (exit codes
 * 2 to 5, which a retry would only repeat, as the Argo templates' retryStrategy does). Secrets and the claim are
 * volumes, by name only: no Secret is ever read here.
 */
final class JobFactory {

    /** Where Tekton mounts a workspace, and so where the Job mounts the same volume. */
    static final String WORKSPACE_ROOT = "/workspace/";

    static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    /** The label Kubernetes gives every pod of a Job: the Job's uid. */
    static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
    /** The label Kubernetes gives every pod of a Job: the Job's name. */
    static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

    private static final String RESULTS_DIR_VARIABLE = "KORB_RESULTS_DIR";
    private static final String TERMINATION_MESSAGE_VARIABLE = "KORB_TERMINATION_MESSAGE_PATH";
    private static final String SNAPSHOTS_WORKSPACE = "snapshots";

    private final ExecutorSettings executor;
    /** By operation: snapshot, rollback, verify, delete and reset. */
    private final Map<String, TaskDefinition> tasks = new HashMap<>();

    JobFactory(ExecutorSettings executor) {
        this.executor = executor;
        for (Operation operation : Operation.values()) {
            tasks.put(operation.value(), TaskDefinition.of(operation.value()));
        }
        tasks.put("reset", TaskDefinition.of("reset"));
    }

    Job create(KafkaOffsetRollback resource) {
        return create(RunInput.of(resource));
    }

    /** A reset that has a run ({@link ResetRunParams#notSupported} empty). */
    Job create(KafkaOffsetReset resource) {
        return create(RunInput.of(resource));
    }

    private Job create(RunInput input) {
        TaskDefinition task = tasks.get(input.operation());
        Step step = task.step();
        Map<String, String> mountPaths = new LinkedHashMap<>();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        input.secrets().forEach((workspace, secret) -> {
            if (task.declaresWorkspace(workspace)) {
                volumes.add(new VolumeBuilder()
                        .withName(workspace)
                        .withNewSecret()
                        .withSecretName(secret)
                        .endSecret()
                        .build());
                mount(task, workspace, true, mounts, mountPaths);
            }
        });
        input.claim().ifPresent(claim -> {
            volumes.add(new VolumeBuilder()
                    .withName(SNAPSHOTS_WORKSPACE)
                    .withNewPersistentVolumeClaim(claim, false)
                    .build());
            mount(task, SNAPSHOTS_WORKSPACE, false, mounts, mountPaths);
        });
        input.mapping().ifPresent(configMap -> {
            volumes.add(new VolumeBuilder()
                    .withName(ResetRunParams.MAPPING_WORKSPACE)
                    .withNewConfigMap()
                    .withName(configMap)
                    .endConfigMap()
                    .build());
            mount(task, ResetRunParams.MAPPING_WORKSPACE, true, mounts, mountPaths);
        });
        TaskVariables variables = new TaskVariables(params(input, task), mountPaths);
        Container container = new ContainerBuilder()
                .withName(step.getName())
                .withImage(executor.image())
                .withCommand(variables.arguments(step.getCommand()))
                .withArgs(variables.arguments(step.getArgs()))
                .withEnv(environment(step, variables))
                .withResources(input.resources() != null ? input.resources() : step.getComputeResources())
                .withSecurityContext(step.getSecurityContext())
                .withVolumeMounts(mounts)
                .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
                .withTerminationMessagePolicy("File")
                .build();
        JobSpec job = input.job() == null ? new JobSpec() : input.job();
        return new JobBuilder()
                .withMetadata(input.metadata())
                .withNewSpec()
                // no retries unless asked for, as the Tekton engine's task has none
                .withBackoffLimit(job.getBackoffLimit() == null ? 0 : job.getBackoffLimit())
                .withActiveDeadlineSeconds(EngineDefaults.deadlineSeconds(job.getActiveDeadlineSeconds()))
                .withTtlSecondsAfterFinished(
                        job.getTtlSecondsAfterFinished() == null
                                ? null
                                : EngineDefaults.engineTtlSeconds(job.getTtlSecondsAfterFinished()))
                .withNewPodFailurePolicy()
                .addNewRule()
                .withAction("FailJob")
                .withNewOnExitCodes()
                .withContainerName(step.getName())
                .withOperator("In")
                .withValues(finalAnswers())
                .endOnExitCodes()
                .endRule()
                // A pod evicted or preempted (a node drained) has not failed: its retry, with the Job's run id,
                // continues the run safely, and is not counted against backoffLimit.
                .addNewRule()
                .withAction("Ignore")
                .addNewOnPodCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endOnPodCondition()
                .endRule()
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewSpec()
                // a pod failure policy requires Never: each retry is a new pod, counted against backoffLimit
                .withRestartPolicy("Never")
                .withServiceAccountName(executor.account())
                .withContainers(container)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The exit codes that are answers, not failures: every one but success and a failure worth another try. */
    static List<Integer> finalAnswers() {
        return Arrays.stream(ExitCode.values())
                .filter(code -> code != ExitCode.SUCCESS && code != ExitCode.FAILED)
                .map(ExitCode::code)
                .toList();
    }

    private Map<String, ParamValue> params(RunInput input, TaskDefinition task) {
        Map<String, ParamValue> params = new LinkedHashMap<>(task.defaults());
        params.put("image", new ParamValue(executor.image()));
        input.params().forEach((name, value) -> {
            // the Tasks of delete and the others declare different params, as Tekton would be given them
            if (task.declaresParam(name)) {
                params.put(name, value);
            }
        });
        return params;
    }

    private static List<EnvVar> environment(Step step, TaskVariables variables) {
        List<EnvVar> environment = new ArrayList<>();
        for (EnvVar variable : step.getEnv()) {
            if (variable.getName().equals(RESULTS_DIR_VARIABLE)) {
                environment.add(new EnvVar(TERMINATION_MESSAGE_VARIABLE, TERMINATION_MESSAGE_PATH, null));
            } else if (TaskVariables.RUN_IDENTITY.equals(variable.getValue())) {
                environment.add(new EnvVarBuilder()
                        .withName(variable.getName())
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.labels['" + CONTROLLER_UID_LABEL + "']")
                        .endFieldRef()
                        .endValueFrom()
                        .build());
            } else if (variable.getValueFrom() != null) {
                throw new IllegalStateException(
                        "the Task's env " + variable.getName() + " has valueFrom, which the Job engine does not copy");
            } else {
                environment.add(new EnvVar(variable.getName(), variables.string(variable.getValue()), null));
            }
        }
        return environment;
    }

    /** The workspace's volume mounted where Tekton would mount it, which its path variable then names. */
    private static void mount(
            TaskDefinition task,
            String workspace,
            boolean readOnly,
            List<VolumeMount> mounts,
            Map<String, String> mountPaths) {
        String path = task.mountPath(workspace, WORKSPACE_ROOT);
        mounts.add(new VolumeMountBuilder()
                .withName(workspace)
                .withMountPath(path)
                .withReadOnly(readOnly)
                .build());
        mountPaths.put(workspace, path);
    }
}
