package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.Duration;
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
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackSpec;
import sh.oso.korb.api.Operation;

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
        Operation operation = spec.getOperation();
        PipelineSpec pipeline = pipelines.spec(operation);
        if (spec.getJob() != null && spec.getJob().getBackoffLimit() != null) {
            pipeline.getTasks().forEach(task -> task.setRetries(spec.getJob().getBackoffLimit()));
        }
        PipelineRunBuilder run = new PipelineRunBuilder()
                .withMetadata(RunNames.metadata(resource))
                .withNewSpec()
                .withPipelineSpec(pipeline)
                .withParams(params(resource))
                .withWorkspaces(workspaces(resource))
                .withNewTaskRunTemplate()
                .withServiceAccountName(executor.account())
                .endTaskRunTemplate()
                .endSpec();
        if (spec.getResources() != null) {
            pipeline.getTasks()
                    .forEach(task -> run.editSpec()
                            .addToTaskRunSpecs(new PipelineTaskRunSpecBuilder()
                                    .withPipelineTaskName(task.getName())
                                    .withComputeResources(spec.getResources())
                                    .build())
                            .endSpec());
        }
        if (spec.getJob() != null && spec.getJob().getActiveDeadlineSeconds() != null) {
            run.editSpec()
                    .withNewTimeouts()
                    .withPipeline(new Duration(
                            java.time.Duration.ofSeconds(spec.getJob().getActiveDeadlineSeconds())))
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
        List<WorkspaceBinding> bindings = new ArrayList<>();
        RunParams.secretWorkspaces(resource).forEach((workspace, secret) -> {
            if (pipelines.workspaces(resource.getSpec().getOperation()).contains(workspace)) {
                bindings.add(new WorkspaceBindingBuilder()
                        .withName(workspace)
                        .withSecret(new SecretVolumeSourceBuilder()
                                .withSecretName(secret)
                                .build())
                        .build());
            }
        });
        RunParams.claim(resource)
                .ifPresent(claim -> bindings.add(new WorkspaceBindingBuilder()
                        .withName("snapshots")
                        .withNewPersistentVolumeClaim(claim, false)
                        .build()));
        return bindings;
    }
}
