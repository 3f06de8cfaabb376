package sh.oso.korb.controller;

import java.util.Map;

/**
 * Where a PipelineRun stands, read from it and from its TaskRun: the executor's results (which Tekton keeps
 * for a failed TaskRun too) and the message that says what happened.
 */
record RunOutcome(State state, String startTime, String completionTime, Map<String, String> results, String message) {

    enum State {
        PENDING,
        RUNNING,
        SUCCEEDED,
        FAILED;

        boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    RunOutcome {
        results = Map.copyOf(results);
    }

    String result(String name) {
        String value = results.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
