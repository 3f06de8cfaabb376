package sh.oso.korb.controller;

import io.fabric8.kubernetes.client.CustomResource;
import java.time.Instant;
import java.util.List;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetStatus;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunSpec;
import sh.oso.korb.api.RunStatus;
import sh.oso.korb.engine.RunNames;

/**
 * A resource the controller runs once, a KafkaOffsetRollback or a KafkaOffsetReset, as the parts both reconcilers
 * share see it: {@link Transition} (Events, run metrics, the error status), {@link ConflictDetector} and
 * {@link RunExpiry}. It reads the live resource, so it sees what the reconciliation changes, and never changes it
 * itself: the resources ConflictDetector reads are the informers' cached objects, which JOSDK diffs a status patch
 * against. A resource not reconciled yet has no status.
 */
interface RunOnceResource<R extends CustomResource<? extends RunSpec, ? extends RunStatus>> {

    /** What a run does to its groups' committed offsets, which decides what it conflicts with. */
    enum Access {
        /** Moves them (a rollback, a reset). */
        WRITES,
        /** Reads them (a snapshot, a verify, a dry-run reset's plan). */
        READS,
        /** Neither (a delete of a stored snapshot), or the spec does not say. */
        NONE
    }

    static RunOnceResource<KafkaOffsetRollback> of(KafkaOffsetRollback resource) {
        return new Rollback(resource);
    }

    static RunOnceResource<KafkaOffsetReset> of(KafkaOffsetReset resource) {
        return new Reset(resource);
    }

    /** The resource a reconciliation works on, with an empty status when it has none yet, as its view. */
    static RunOnceResource<KafkaOffsetRollback> reconciled(KafkaOffsetRollback resource) {
        if (resource.getStatus() == null) {
            resource.setStatus(new KafkaOffsetRollbackStatus());
        }
        return of(resource);
    }

    /** The resource a reconciliation works on, with an empty status when it has none yet, as its view. */
    static RunOnceResource<KafkaOffsetReset> reconciled(KafkaOffsetReset resource) {
        if (resource.getStatus() == null) {
            resource.setStatus(new KafkaOffsetResetStatus());
        }
        return of(resource);
    }

    R resource();

    /** The name of the run the status names; null before there is one. */
    String runName();

    /** What it does, as metrics and messages name it: snapshot, rollback, verify, delete or reset; null if unsaid. */
    String operation();

    Access access();

    /** Sets the Ready condition and observedGeneration for the resource's spec generation. */
    void ready(boolean ready, String reason, String message, Instant now);

    /** The status; null before the first reconciliation (only a {@link #reconciled} resource surely has one). */
    default RunStatus status() {
        return resource().getStatus();
    }

    default Phase phase() {
        return status() == null ? null : status().getPhase();
    }

    /** Whether the status records a run started (its spec generation). */
    default boolean started() {
        return status() != null && status().getRunGeneration() != null;
    }

    /** The spec's bootstrap servers, null when it names none. */
    default List<String> bootstrapServers() {
        RunSpec spec = resource().getSpec();
        return spec == null || spec.getKafkaCluster() == null
                ? null
                : spec.getKafkaCluster().getBootstrapServers();
    }

    /** The spec's consumer groups, null when it names none. */
    default List<String> consumerGroups() {
        return resource().getSpec() == null ? null : resource().getSpec().getConsumerGroups();
    }

    /** The spec's consumer group pattern, null when it has none (a KafkaOffsetReset never has one). */
    default String groupPattern() {
        return null;
    }

    /** The spec's job.ttlSecondsAfterFinished; null when unset. */
    default Long ttlSecondsAfterFinished() {
        RunSpec spec = resource().getSpec();
        return spec == null || spec.getJob() == null ? null : spec.getJob().getTtlSecondsAfterFinished();
    }

    record Rollback(KafkaOffsetRollback resource) implements RunOnceResource<KafkaOffsetRollback> {

        @Override
        public String runName() {
            // status.pipelineRun of the first releases too
            return resource.getStatus() == null ? null : Engines.runName(resource.getStatus());
        }

        @Override
        public String groupPattern() {
            return resource.getSpec() == null ? null : resource.getSpec().getConsumerGroupPattern();
        }

        @Override
        public String operation() {
            Operation operation = operationOrNull();
            return operation == null ? null : operation.value();
        }

        @Override
        public Access access() {
            Operation operation = operationOrNull();
            if (operation == null) {
                return Access.NONE;
            }
            return switch (operation) {
                case ROLLBACK -> Access.WRITES;
                case SNAPSHOT, VERIFY -> Access.READS;
                case DELETE -> Access.NONE;
            };
        }

        private Operation operationOrNull() {
            return resource.getSpec() == null ? null : resource.getSpec().getOperation();
        }

        @Override
        public void ready(boolean ready, String reason, String message, Instant now) {
            StatusProjection.ready(resource, ready, reason, message, RunNames.generation(resource), now);
        }
    }

    record Reset(KafkaOffsetReset resource) implements RunOnceResource<KafkaOffsetReset> {

        /** What metrics and messages call a reset, beside the rollback's operations. */
        static final String OPERATION = "reset";

        @Override
        public String runName() {
            return resource.getStatus() == null || resource.getStatus().getRun() == null
                    ? null
                    : resource.getStatus().getRun().getName();
        }

        @Override
        public String operation() {
            return OPERATION;
        }

        @Override
        public Access access() {
            if (resource.getSpec() == null) {
                return Access.NONE;
            }
            // A dry run commits nothing, but its plan reads offsets that another run may be moving.
            return Boolean.TRUE.equals(resource.getSpec().getDryRun()) ? Access.READS : Access.WRITES;
        }

        @Override
        public void ready(boolean ready, String reason, String message, Instant now) {
            ResetStatusProjection.ready(resource, ready, reason, message, now);
        }
    }
}
