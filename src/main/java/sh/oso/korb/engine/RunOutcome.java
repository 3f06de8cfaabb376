package sh.oso.korb.engine;

import java.util.Map;

/**
 * Where a PipelineRun stands, read from it and from its TaskRun: the executor's results (which Tekton keeps
 * for a failed TaskRun too) and the message that says what happened.
 */
public record RunOutcome(
        State state, String startTime, String completionTime, Map<String, String> results, String message) {

    public enum State {
        PENDING,
        RUNNING,
        SUCCEEDED,
        FAILED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    public RunOutcome {
        results = Map.copyOf(results);
    }

    public String result(String name) {
        String value = results.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
