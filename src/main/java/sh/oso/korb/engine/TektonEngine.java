package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.tekton.v1.PipelineRun;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * Tekton: a PipelineRun embedding the operation's one-task Pipeline (a reset's: kafka-offset-reset), which runs the
 * installed korb Task.
 */
public final class TektonEngine implements Engine<PipelineRun> {

    private final PipelineRunFactory factory;
    private final ResetPipelineRunFactory resets;

    public TektonEngine(ExecutorSettings executor) {
        this.factory = new PipelineRunFactory(executor, new OperationPipelines());
        this.resets = new ResetPipelineRunFactory(executor);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.TEKTON;
    }

    @Override
    public Class<PipelineRun> runType() {
        return PipelineRun.class;
    }

    @Override
    public PipelineRun render(KafkaOffsetRollback resource) {
        return factory.create(resource);
    }

    @Override
    public PipelineRun render(KafkaOffsetReset resource) {
        return resets.create(resource);
    }

    @Override
    public MixedOperation<PipelineRun, ? extends KubernetesResourceList<PipelineRun>, Resource<PipelineRun>> runs(
            KubernetesClient client) {
        return client.resources(PipelineRun.class);
    }

    @Override
    public RunOutcome read(KubernetesClient client, PipelineRun run) {
        return new TektonRunReader(client).read(run);
    }

    @Override
    public InformerEventSourceConfiguration<PipelineRun> informer(
            Class<? extends HasMetadata> primary, String labelSelector) {
        return InformerEventSourceConfiguration.from(PipelineRun.class, primary)
                .withLabelSelector(labelSelector)
                .build();
    }
}
