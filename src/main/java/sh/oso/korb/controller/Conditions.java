package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Kubernetes-style conditions: one per type, lastTransitionTime moving only when the status flips. */
final class Conditions {

    static final String READY = "Ready";
    static final String SPEC_CHANGE_IGNORED = "SpecChangeIgnored";

    private Conditions() {}

    static void set(
            List<Condition> conditions,
            String type,
            boolean status,
            String reason,
            String message,
            long generation,
            Instant now) {
        String value = status ? "True" : "False";
        Optional<Condition> existing = find(conditions, type);
        String since = existing.filter(condition -> value.equals(condition.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        conditions.removeIf(condition -> type.equals(condition.getType()));
        conditions.add(new ConditionBuilder()
                .withType(type)
                .withStatus(value)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build());
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream()
                .filter(condition -> type.equals(condition.getType()))
                .findFirst();
    }

    static Optional<String> readyReason(List<Condition> conditions) {
        return find(conditions, READY).map(Condition::getReason);
    }
}
