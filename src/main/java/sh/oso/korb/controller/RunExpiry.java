package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * job.ttlSecondsAfterFinished of a KafkaOffsetRollback's or KafkaOffsetReset's run: the finished run is deleted
 * once it has passed; the status stays. Deleted by a reconciliation after the one that stored the outcome: deleted
 * at once, a status patch that then failed would leave its retry a run that is gone (PipelineRunDeleted).
 */
final class RunExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(RunExpiry.class);
    /** Past a run's expiry before deleting it: time for the informer to hold the status that stored its outcome. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private RunExpiry() {}

    /** When to look again at a run that has just finished, to delete it: empty without a ttl. */
    static Optional<Duration> lookAgain(RunOnceResource<?> resource, Instant now) {
        return resource.ttlSecondsAfterFinished() == null
                ? Optional.empty()
                : Optional.of(untilExpiry(resource, now).plus(SETTLE));
    }

    /**
     * Deletes the finished run once job.ttlSecondsAfterFinished has passed. Returns when to look again: at the
     * expiry, or after a deletion the API refused. That is housekeeping: the outcome is stored, so a refusal (RBAC
     * without delete, the API down) is logged and tried again after {@code retry}, not a failed reconciliation.
     */
    static <T extends HasMetadata> Optional<Duration> expire(
            RunOnceResource<?> resource, T run, Resource<T> runResource, Instant now, Duration retry) {
        if (resource.ttlSecondsAfterFinished() == null || run == null) {
            return Optional.empty();
        }
        Duration left = untilExpiry(resource, now);
        if (!left.isZero()) {
            return Optional.of(left.plus(SETTLE));
        }
        try {
            // In the background, as kubectl does: a Job deleted through the API would otherwise orphan its pods.
            runResource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "could not delete {} {}/{} after job.ttlSecondsAfterFinished: {}; trying again in {}",
                    run.getKind(),
                    resource.resource().getMetadata().getNamespace(),
                    run.getMetadata().getName(),
                    ReconcileFailure.apiMessage(e),
                    retry);
            return Optional.of(retry);
        }
    }

    /** How long the finished run has left before job.ttlSecondsAfterFinished; zero once it has passed. */
    private static Duration untilExpiry(RunOnceResource<?> resource, Instant now) {
        Instant expiry =
                Instant.parse(resource.status().getCompletionTime()).plusSeconds(resource.ttlSecondsAfterFinished());
        return now.isBefore(expiry) ? Duration.between(now, expiry) : Duration.ZERO;
    }
}
