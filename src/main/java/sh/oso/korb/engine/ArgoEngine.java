package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * Argo Workflows: a Workflow whose entrypoint is a copy of the operation's container template from the project's
 * WorkflowTemplate ({@code workflow-templates/kafka-offset.yaml}, {@code kafka-offset-pvc.yaml} for a pvc store),
 * embedded rather than referenced by {@code templateRef}: then only the controller needs installing (no
 * WorkflowTemplate in every namespace), and every run uses exactly the template this controller was built and
 * tested with, not whichever version a namespace happens to hold. fabric8 has no Argo model: Workflows are
 * generic resources.
 */
public final class ArgoEngine implements Engine<GenericKubernetesResource> {

    private static final ResourceDefinitionContext WORKFLOWS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind(WorkflowFactory.KIND)
            .withPlural("workflows")
            .withNamespaced(true)
            .build();

    private final WorkflowFactory factory;
    private final ArgoRunReader reader = new ArgoRunReader();

    public ArgoEngine(ExecutorSettings executor) {
        this.factory = new WorkflowFactory(executor, new WorkflowTemplates());
    }

    @Override
    public EngineKind kind() {
        return EngineKind.ARGO;
    }

    @Override
    public Class<GenericKubernetesResource> runType() {
        return GenericKubernetesResource.class;
    }

    @Override
    public GenericKubernetesResource render(KafkaOffsetRollback resource) {
        return factory.create(resource);
    }

    @Override
    public GenericKubernetesResource render(KafkaOffsetReset resource) {
        return factory.create(resource);
    }

    /** Named by a fixed context rather than discovered: no discovery request per reconciliation. */
    @Override
    public MixedOperation<
                    GenericKubernetesResource,
                    ? extends KubernetesResourceList<GenericKubernetesResource>,
                    Resource<GenericKubernetesResource>>
            runs(KubernetesClient client) {
        return client.genericKubernetesResources(WORKFLOWS);
    }

    @Override
    public RunOutcome read(KubernetesClient client, GenericKubernetesResource run) {
        return reader.read(run);
    }

    @Override
    public InformerEventSourceConfiguration<GenericKubernetesResource> informer(
            Class<? extends HasMetadata> primary, String labelSelector) {
        return InformerEventSourceConfiguration.from(
                        new GroupVersionKind(WORKFLOWS.getGroup(), WORKFLOWS.getVersion(), WORKFLOWS.getKind()),
                        primary)
                .withLabelSelector(labelSelector)
                .build();
    }
}
