package sh.oso.korb.controller;

import java.util.List;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetSpec;
import sh.oso.korb.error.InvalidSpecException;

/**
 * What the KafkaOffsetReset CRD's schema refuses, checked again as {@link SpecValidator} checks a rollback's, for an
 * API server without CEL: one message naming the field. The strategy's own field is checked where it is mapped
 * ({@link sh.oso.korb.engine.ResetRunParams}).
 */
final class ResetSpecValidator {

    private ResetSpecValidator() {}

    static void validate(KafkaOffsetReset resource) {
        KafkaOffsetResetSpec spec = resource.getSpec();
        if (spec == null) {
            throw new InvalidSpecException("spec is required");
        }
        if (spec.getStrategy() == null) {
            throw new InvalidSpecException("spec.strategy is required: earliest, latest, timestamp, offset,"
                    + " fromMapping, shiftBy, duration or fromGroup");
        }
        List<String> groups = spec.getConsumerGroups();
        if (groups == null || groups.isEmpty()) {
            throw new InvalidSpecException("spec.consumerGroups is required: list the consumer group ids");
        }
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i) == null || groups.get(i).isBlank()) {
                throw new InvalidSpecException("spec.consumerGroups[" + i + "] is empty: remove it or name a group");
            }
        }
        if (spec.getKafkaCluster() == null) {
            throw new InvalidSpecException("spec.kafkaCluster is required: set kafkaCluster.bootstrapServers");
        }
        SpecValidator.cluster(spec.getKafkaCluster());
        if (spec.getStorage() != null && spec.createsSnapshot()) {
            SpecValidator.storage(spec.getStorage());
        }
        if (spec.getResources() != null) {
            SpecValidator.resources(spec.getResources());
        }
    }
}
