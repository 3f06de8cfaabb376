package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Pipeline;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineWorkspaceDeclaration;
import io.fabric8.tekton.v1.WorkspaceBinding;
import io.fabric8.tekton.v1.WorkspaceBindingBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetSpec;

/**
 * The PipelineRun of a KafkaOffsetReset's generation, as {@link PipelineRunFactory} makes a KafkaOffsetRollback's:
 * the project's Pipeline kafka-offset-reset embedded, {@link ResetRunParams} as params and workspaces (the mapping
 * ConfigMap of strategy fromMapping as the mapping workspace), the same retries, deadline, resources, executor
 * account and owner reference. The reset must have a run ({@link ResetRunParams#notSupported} empty).
 */
public final class ResetPipelineRunFactory {

    private final ExecutorSettings executor;
    private final Pipeline pipeline = OperationPipelines.load("reset");
    private final Set<String> params =
            pipeline.getSpec().getParams().stream().map(ParamSpec::getName).collect(Collectors.toUnmodifiableSet());
    private final Set<String> workspaces = pipeline.getSpec().getWorkspaces().stream()
            .map(PipelineWorkspaceDeclaration::getName)
            .collect(Collectors.toUnmodifiableSet());

    public ResetPipelineRunFactory(ExecutorSettings executor) {
        this.executor = executor;
    }

    public PipelineRun create(KafkaOffsetReset resource) {
        KafkaOffsetResetSpec spec = resource.getSpec();
        return PipelineRunFactory.assemble(
                executor,
                RunNames.metadata(resource),
                Serialization.clone(pipeline).getSpec(),
                spec.getJob(),
                spec.getResources(),
                params(resource),
                workspaces(resource));
    }

    private List<Param> params(KafkaOffsetReset resource) {
        Map<String, ParamValue> values = new LinkedHashMap<>();
        values.put("image", new ParamValue(executor.image()));
        new ResetRunParams(resource).forEach(values::put);
        List<Param> declared = new ArrayList<>();
        values.forEach((name, value) -> {
            if (!params.contains(name)) {
                // every param ResetRunParams gives is the reset Pipeline's: ResetPipelineRunFactoryTest says so
                throw new IllegalStateException("the Pipeline kafka-offset-reset declares no param " + name);
            }
            declared.add(new Param(name, value));
        });
        return declared;
    }

    private List<WorkspaceBinding> workspaces(KafkaOffsetReset resource) {
        List<WorkspaceBinding> bindings = PipelineRunFactory.workspaces(
                ResetRunParams.secretWorkspaces(resource), ResetRunParams.claim(resource), workspaces);
        ResetRunParams.mapping(resource)
                .ifPresent(mapping -> bindings.add(new WorkspaceBindingBuilder()
                        .withName(ResetRunParams.MAPPING_WORKSPACE)
                        .withConfigMap(new ConfigMapVolumeSourceBuilder()
                                .withName(mapping.getName())
                                .build())
                        .build()));
        return bindings;
    }
}
