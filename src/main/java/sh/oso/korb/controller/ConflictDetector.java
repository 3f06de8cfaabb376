package sh.oso.korb.controller;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;

/**
 * Serializes runs that would race on the same consumer groups of the same cluster: a rollback against another
 * rollback, or against a snapshot or verify that would read offsets half rolled back. The resource that runs
 * first is the one already running, else the one created first, so two waiting resources never wait for
 * each other.
 */
final class ConflictDetector {

    private static final Comparator<KafkaOffsetRollback> CREATION_ORDER = Comparator.comparing(
                    (KafkaOffsetRollback resource) -> creation(resource))
            .thenComparing(resource -> resource.getMetadata().getUid());

    private ConflictDetector() {}

    /** The resource this one must wait for, if any. */
    static Optional<KafkaOffsetRollback> blocker(KafkaOffsetRollback resource, Collection<KafkaOffsetRollback> all) {
        return all.stream()
                .filter(other -> !other.getMetadata()
                        .getUid()
                        .equals(resource.getMetadata().getUid()))
                .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
                .filter(ConflictDetector::unfinished)
                .filter(other -> conflicting(resource, other))
                .filter(other -> started(other) || CREATION_ORDER.compare(other, resource) < 0)
                .min(CREATION_ORDER);
    }

    static String describe(KafkaOffsetRollback other) {
        return other.getMetadata().getNamespace() + "/" + other.getMetadata().getName() + " ("
                + other.getSpec().getOperation().value() + " of "
                + String.join(", ", other.getSpec().getConsumerGroups())
                + ")";
    }

    private static boolean conflicting(KafkaOffsetRollback one, KafkaOffsetRollback other) {
        if (other.getSpec() == null
                || other.getSpec().getOperation() == null
                || other.getSpec().getKafkaCluster() == null
                || other.getSpec().getConsumerGroups() == null
                || other.getSpec().getKafkaCluster().getBootstrapServers() == null) {
            return false;
        }
        Operation a = one.getSpec().getOperation();
        Operation b = other.getSpec().getOperation();
        if (a == Operation.DELETE || b == Operation.DELETE || (a != Operation.ROLLBACK && b != Operation.ROLLBACK)) {
            return false;
        }
        return intersects(servers(one), servers(other))
                && intersects(
                        Set.copyOf(one.getSpec().getConsumerGroups()),
                        Set.copyOf(other.getSpec().getConsumerGroups()));
    }

    private static boolean unfinished(KafkaOffsetRollback other) {
        Phase phase = other.getStatus() == null ? null : other.getStatus().getPhase();
        return phase == null || !phase.finished();
    }

    private static boolean started(KafkaOffsetRollback other) {
        return other.getStatus() != null && other.getStatus().getRunGeneration() != null;
    }

    private static Set<String> servers(KafkaOffsetRollback resource) {
        Set<String> servers = new HashSet<>();
        List<String> listed = resource.getSpec().getKafkaCluster().getBootstrapServers();
        listed.forEach(server -> servers.add(server.trim().toLowerCase(Locale.ROOT)));
        return servers;
    }

    private static boolean intersects(Set<String> one, Set<String> other) {
        return one.stream().anyMatch(other::contains);
    }

    private static Instant creation(KafkaOffsetRollback resource) {
        String timestamp = resource.getMetadata().getCreationTimestamp();
        return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
    }
}
