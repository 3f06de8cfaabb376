package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunBuilder;
import io.fabric8.tekton.v1.PipelineSpec;
import io.fabric8.tekton.v1.PipelineTaskRunSpecBuilder;
import io.fabric8.tekton.v1.WorkspaceBinding;
import io.fabric8.tekton.v1.WorkspaceBindingBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sh.oso.korb.api.JobSpec;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackSpec;

/**
 * The PipelineRun for one resource generation: the operation's Pipeline embedded, the spec as params,
 * Secrets and the claim as workspaces (by name only: no Secret is ever read here), resources, retries and
 * deadline applied, and an owner reference so Kubernetes deletes it with the resource.
 */
final class PipelineRunFactory {

    private final ExecutorSettings executor;
    private final OperationPipelines pipelines;

    PipelineRunFactory(ExecutorSettings executor, OperationPipelines pipelines) {
        this.executor = executor;
        this.pipelines = pipelines;
    }

    PipelineRun create(KafkaOffsetRollback resource) {
        KafkaOffsetRollbackSpec spec = resource.getSpec();
        return assemble(
                executor,
                RunNames.metadata(resource),
                pipelines.spec(spec.getOperation()),
                spec.getJob(),
                spec.getResources(),
                params(resource),
                workspaces(resource));
    }

    /**
     * A PipelineRun of the Pipeline: the job's retries set on its tasks, its deadline as the timeout, the resources
     * on each task; the same for a KafkaOffsetRollback and a KafkaOffsetReset (ResetPipelineRunFactory).
     */
    static PipelineRun assemble(
            ExecutorSettings executor,
            ObjectMeta metadata,
            PipelineSpec pipeline,
            JobSpec job,
            ResourceRequirements resources,
            List<Param> params,
            List<WorkspaceBinding> workspaces) {
        if (job != null && job.getBackoffLimit() != null) {
            pipeline.getTasks().forEach(task -> task.setRetries(job.getBackoffLimit()));
        }
        PipelineRunBuilder run = new PipelineRunBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withPipelineSpec(pipeline)
                .withParams(params)
                .withWorkspaces(workspaces)
                .withNewTaskRunTemplate()
                .withServiceAccountName(executor.account())
                .endTaskRunTemplate()
                .endSpec();
        if (resources != null) {
            pipeline.getTasks()
                    .forEach(task -> run.editSpec()
                            .addToTaskRunSpecs(new PipelineTaskRunSpecBuilder()
                                    .withPipelineTaskName(task.getName())
                                    .withComputeResources(resources)
                                    .build())
                            .endSpec());
        }
        if (job != null && job.getActiveDeadlineSeconds() != null) {
            run.editSpec()
                    .withNewTimeouts()
                    .withPipeline(new Duration(java.time.Duration.ofSeconds(job.getActiveDeadlineSeconds())))
                    .endTimeouts()
                    .endSpec();
        }
        return run.build();
    }

    private List<Param> params(KafkaOffsetRollback resource) {
        Map<String, ParamValue> values = new LinkedHashMap<>();
        values.put("image", new ParamValue(executor.image()));
        new RunParams(resource).forEach((name, value) -> values.put(name, value));
        List<Param> params = new ArrayList<>();
        // The Pipelines of delete and the others declare different params; Tekton refuses undeclared ones.
        values.forEach((name, value) -> {
            if (pipelines.params(resource.getSpec().getOperation()).contains(name)) {
                params.add(new Param(name, value));
            }
        });
        return params;
    }

    private List<WorkspaceBinding> workspaces(KafkaOffsetRollback resource) {
        return workspaces(
                RunParams.secretWorkspaces(resource),
                RunParams.claim(resource),
                pipelines.workspaces(resource.getSpec().getOperation()));
    }

    /** The Secrets the Pipeline declares a workspace for, as Secret workspaces, and the claim as snapshots. */
    static List<WorkspaceBinding> workspaces(
            Map<String, String> secretWorkspaces, java.util.Optional<String> claim, Set<String> declared) {
        List<WorkspaceBinding> bindings = new ArrayList<>();
        secretWorkspaces.forEach((workspace, secret) -> {
            if (declared.contains(workspace)) {
                bindings.add(new WorkspaceBindingBuilder()
                        .withName(workspace)
                        .withSecret(new SecretVolumeSourceBuilder()
                                .withSecretName(secret)
                                .build())
                        .build());
            }
        });
        claim.ifPresent(name -> bindings.add(new WorkspaceBindingBuilder()
                .withName("snapshots")
                .withNewPersistentVolumeClaim(name, false)
                .build()));
        return bindings;
    }
}
