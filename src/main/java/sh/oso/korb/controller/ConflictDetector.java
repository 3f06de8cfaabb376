package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.Phase;
import sh.oso.korb.controller.RunOnceResource.Access;

/**
 * Serializes runs that would race on the same consumer groups of the same cluster: a rollback or reset against
 * another rollback or reset, or against a snapshot, verify or dry-run reset that would read offsets half moved. The
 * resource that runs first is the one already running, else the one created first, so two waiting resources never
 * wait for each other. KafkaOffsetRollbacks and KafkaOffsetResets are judged together: each reconciler reads its
 * own kind from its primary cache and the other kind from an {@link #informer} of its own.
 */
final class ConflictDetector {

    /** The name of the informer of the other kind; it only fills a cache, a waiting resource looks again itself. */
    private static final String OTHER_KIND = "conflicting-resources";

    private static final Comparator<RunOnceResource<?>> CREATION_ORDER = Comparator.comparing(
                    (RunOnceResource<?> resource) -> creation(resource))
            .thenComparing(resource -> resource.resource().getMetadata().getUid());

    private ConflictDetector() {}

    /** The informer a reconciler of {@code P} reads the other kind ({@code kind}) from, in its namespaces. */
    static <O extends HasMetadata, P extends HasMetadata> InformerEventSource<O, P> informer(
            Class<O> kind, EventSourceContext<P> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(kind, context.getPrimaryResourceClass())
                        .withName(OTHER_KIND)
                        .withSecondaryToPrimaryMapper(other -> Set.of())
                        .build(),
                context);
    }

    /** The resources of the other kind, as {@link #informer} caches them. */
    @SuppressWarnings("unchecked")
    static <O extends HasMetadata> Stream<O> others(Class<O> kind, Context<?> context) {
        return ((InformerEventSource<O, ?>) context.eventSourceRetriever().getEventSourceFor(kind, OTHER_KIND))
                .list(other -> true);
    }

    /**
     * Whether the resource must wait for another: then it is Pending, its Ready condition naming the one it waits
     * for (WaitingForConflictingOperation), and the reconciler looks again after --conflict-recheck.
     */
    static boolean waits(
            RunOnceResource<?> resource,
            Stream<KafkaOffsetRollback> rollbacks,
            Stream<KafkaOffsetReset> resets,
            Instant now) {
        List<RunOnceResource<?>> all = Stream.concat(
                        rollbacks.<RunOnceResource<?>>map(RunOnceResource::of),
                        resets.<RunOnceResource<?>>map(RunOnceResource::of))
                .toList();
        Optional<RunOnceResource<?>> blocker = blocker(resource, all);
        blocker.ifPresent(other -> {
            resource.status().setPhase(Phase.Pending);
            resource.ready(
                    false,
                    ControllerReason.WAITING_FOR_CONFLICTING_OPERATION.reasonName(),
                    "waiting for " + describe(other) + " to finish",
                    now);
        });
        return blocker.isPresent();
    }

    /** The resource this one must wait for, if any. */
    static Optional<RunOnceResource<?>> blocker(RunOnceResource<?> resource, Collection<RunOnceResource<?>> all) {
        return all.stream()
                .filter(other -> !other.resource()
                        .getMetadata()
                        .getUid()
                        .equals(resource.resource().getMetadata().getUid()))
                .filter(other -> other.resource().getMetadata().getDeletionTimestamp() == null)
                .filter(ConflictDetector::unfinished)
                .filter(other -> conflicting(resource, other))
                .filter(other -> other.started() || CREATION_ORDER.compare(other, resource) < 0)
                .min(CREATION_ORDER);
    }

    static String describe(RunOnceResource<?> other) {
        return other.resource().getMetadata().getNamespace() + "/"
                + other.resource().getMetadata().getName() + " (" + other.operation() + " of "
                + String.join(", ", other.consumerGroups())
                + ")";
    }

    private static boolean conflicting(RunOnceResource<?> one, RunOnceResource<?> other) {
        if (other.bootstrapServers() == null || other.consumerGroups() == null) {
            return false;
        }
        Access a = one.access();
        Access b = other.access();
        if (a == Access.NONE || b == Access.NONE || (a != Access.WRITES && b != Access.WRITES)) {
            return false;
        }
        return intersects(servers(one), servers(other))
                && intersects(Set.copyOf(one.consumerGroups()), Set.copyOf(other.consumerGroups()));
    }

    private static boolean unfinished(RunOnceResource<?> other) {
        return other.phase() == null || !other.phase().finished();
    }

    private static Set<String> servers(RunOnceResource<?> resource) {
        Set<String> servers = new HashSet<>();
        resource.bootstrapServers().forEach(server -> servers.add(server.trim().toLowerCase(Locale.ROOT)));
        return servers;
    }

    private static boolean intersects(Set<String> one, Set<String> other) {
        return one.stream().anyMatch(other::contains);
    }

    private static Instant creation(RunOnceResource<?> resource) {
        String timestamp = resource.resource().getMetadata().getCreationTimestamp();
        return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
    }
}
