package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * One way of running a KafkaOffsetRollback on a cluster: the object it creates for a resource generation, where
 * those objects live in the API, and how a run's outcome is read, as the engine-neutral {@link RunOutcome}. The
 * controller and {@code korb render} speak only to this.
 *
 * @param <T> the run's type: a PipelineRun, a Workflow, a Job
 */
public interface Engine<T extends HasMetadata> {

    EngineKind kind();

    Class<T> runType();

    /**
     * The run for this resource generation, named {@link RunNames#run}, labelled and owned by the resource. The
     * spec must have been validated; no Secret is read (Secrets are referred to by name only).
     */
    T render(KafkaOffsetRollback resource);

    /** This engine's runs in the API. */
    MixedOperation<T, ? extends KubernetesResourceList<T>, Resource<T>> runs(KubernetesClient client);

    /** Where the run stands; may read what the engine keeps beside it (a TaskRun, the Job's pods). */
    RunOutcome read(KubernetesClient client, T run);

    /** The informer that tells the controller when a run changes: korb's runs only. */
    InformerEventSourceConfiguration<T> informer();
}
