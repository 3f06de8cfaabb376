package sh.oso.korb.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;

/**
 * Plain Kubernetes: a batch/v1 Job running the operation's Task step as its one container (see {@link JobFactory}),
 * its outcome read from its conditions and its pod's termination message (see {@link JobRunReader}).
 */
public final class JobEngine implements Engine<Job> {

    private final JobFactory factory;

    public JobEngine(ExecutorSettings executor) {
        this.factory = new JobFactory(executor);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.JOB;
    }

    @Override
    public Class<Job> runType() {
        return Job.class;
    }

    @Override
    public Job render(KafkaOffsetRollback resource) {
        return factory.create(resource);
    }

    @Override
    public Job render(KafkaOffsetReset resource) {
        return factory.create(resource);
    }

    @Override
    public MixedOperation<Job, JobList, Resource<Job>> runs(KubernetesClient client) {
        return client.resources(Job.class, JobList.class);
    }

    @Override
    public RunOutcome read(KubernetesClient client, Job run) {
        return new JobRunReader(client).read(run);
    }

    @Override
    public InformerEventSourceConfiguration<Job> informer(Class<? extends HasMetadata> primary, String labelSelector) {
        return InformerEventSourceConfiguration.from(Job.class, primary)
                .withLabelSelector(labelSelector)
                .build();
    }
}
