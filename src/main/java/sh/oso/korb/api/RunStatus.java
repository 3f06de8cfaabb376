package sh.oso.korb.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the statuses of a KafkaOffsetRollback and a KafkaOffsetReset share, for the controller's code that serves
 * both (Events and metrics of their transitions, conflicts, the run's clean-up, the error status).
 */
public interface RunStatus {

    Phase getPhase();

    void setPhase(Phase phase);

    String getStartTime();

    void setStartTime(String startTime);

    String getCompletionTime();

    void setCompletionTime(String completionTime);

    RunReference getRun();

    Long getRunGeneration();

    List<Condition> getConditions();
}
