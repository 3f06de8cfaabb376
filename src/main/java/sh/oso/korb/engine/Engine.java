package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * One way of running a KafkaOffsetRollback or a KafkaOffsetReset on a cluster: the object it creates for a resource generation, where
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

    /**
     * A reset's run, as {@link #render(KafkaOffsetRollback)} a rollback's: the spec must have been validated and the
     * reset must have a run ({@link ResetRunParams#notSupported} empty).
     */
    T render(KafkaOffsetReset resource);

    /** This engine's runs in the API. */
    MixedOperation<T, ? extends KubernetesResourceList<T>, Resource<T>> runs(KubernetesClient client);

    /** Where the run stands; may read what the engine keeps beside it (a TaskRun, the Job's pods). */
    RunOutcome read(KubernetesClient client, T run);

    /** The informer that tells the rollback controller when a run changes: korb's runs only. */
    default InformerEventSourceConfiguration<T> informer() {
        return informer(KafkaOffsetRollback.class, RunNames.MANAGED_BY + "=korb");
    }

    /** The informer that tells the reset controller when a run changes: korb's reset runs only. */
    default InformerEventSourceConfiguration<T> resetInformer() {
        return informer(KafkaOffsetReset.class, RunNames.MANAGED_BY + "=korb," + RunNames.OPERATION_LABEL + "=reset");
    }

    /** The informer of this engine's runs that these labels select, mapped to their owner of type primary. */
    InformerEventSourceConfiguration<T> informer(Class<? extends HasMetadata> primary, String labelSelector);
}
