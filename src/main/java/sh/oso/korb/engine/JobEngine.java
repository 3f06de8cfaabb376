package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** PLACEHOLDER: replaced by the Job engine's implementation before this issue is resolved. */
public final class JobEngine implements Engine<HasMetadata> {
    public JobEngine(ExecutorSettings executor) {}

    @Override
    public EngineKind kind() {
        return EngineKind.valueOf("Job".toUpperCase());
    }

    @Override
    public Class<HasMetadata> runType() {
        throw new UnsupportedOperationException();
    }

    @Override
    public HasMetadata render(sh.oso.korb.api.KafkaOffsetRollback resource) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.fabric8.kubernetes.client.dsl.MixedOperation<
                    HasMetadata,
                    ? extends io.fabric8.kubernetes.api.model.KubernetesResourceList<HasMetadata>,
                    io.fabric8.kubernetes.client.dsl.Resource<HasMetadata>>
            runs(io.fabric8.kubernetes.client.KubernetesClient client) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RunOutcome read(io.fabric8.kubernetes.client.KubernetesClient client, HasMetadata run) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration<HasMetadata> informer() {
        throw new UnsupportedOperationException();
    }
}
