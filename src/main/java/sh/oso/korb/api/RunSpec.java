package sh.oso.korb.api;

import java.util.List;

/**
 * What the specs of a KafkaOffsetRollback and a KafkaOffsetReset share, for the controller's code that serves both
 * (conflicts between their runs, the run's clean-up): the cluster, the groups and the run's job settings.
 */
public interface RunSpec {

    KafkaClusterSpec getKafkaCluster();

    List<String> getConsumerGroups();

    JobSpec getJob();
}
