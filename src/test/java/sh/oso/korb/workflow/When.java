package sh.oso.korb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A Tekton {@code when} expression: input, operator in/notin, values. */
final class When {

    private When() {}

    static boolean holds(JsonNode when, UnaryOperator<String> substitute) {
        String input = substitute.apply(when.path("input").asText());
        List<String> values = new ArrayList<>();
        when.path("values").forEach(value -> values.add(substitute.apply(value.asText())));
        return switch (when.path("operator").asText()) {
            case "in" -> values.contains(input);
            case "notin" -> !values.contains(input);
            default -> throw new WorkflowException("unknown when operator " + when.path("operator"));
        };
    }
}
