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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
                + (other.groupPattern() != null
                        ? "the groups matching '" + other.groupPattern() + "'"
                        : String.join(", ", other.consumerGroups()))
                + ")";
    }

    private static boolean conflicting(RunOnceResource<?> one, RunOnceResource<?> other) {
        if (other.bootstrapServers() == null || (other.consumerGroups() == null && other.groupPattern() == null)) {
            return false;
        }
        Access a = one.access();
        Access b = other.access();
        if (a == Access.NONE || b == Access.NONE || (a != Access.WRITES && b != Access.WRITES)) {
            return false;
        }
        return intersects(servers(one), servers(other)) && groupsMayOverlap(one, other);
    }

    /**
     * Whether two runs may select a group in common. A pattern's groups are known only when its run lists the
     * cluster's (or the snapshot's) groups, so the answer is yes unless it is provably no: two patterns always may
     * overlap, a pattern and a list when a listed group matches it.
     */
    static boolean groupsMayOverlap(RunOnceResource<?> one, RunOnceResource<?> other) {
        if (one.groupPattern() != null && other.groupPattern() != null) {
            return true;
        }
        if (one.groupPattern() != null || other.groupPattern() != null) {
            return one.groupPattern() != null
                    ? matchesAny(one.groupPattern(), other.consumerGroups())
                    : matchesAny(other.groupPattern(), one.consumerGroups());
        }
        return intersects(groups(one), groups(other));
    }

    /**
     * Whether the pattern matches one of the groups, as the executor matches (the whole id); yes too when it is no
     * regular expression (its resource fails as InvalidSpec, but may not have yet) or takes longer than
     * {@link BoundedInput#BUDGET} steps to answer (a pattern that backtracks must not stall the controller).
     */
    private static boolean matchesAny(String pattern, List<String> groups) {
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return true;
        }
        BoundedInput.Budget budget = new BoundedInput.Budget();
        try {
            return groups != null
                    && groups.stream()
                            .filter(group -> group != null)
                            .anyMatch(group -> compiled.matcher(new BoundedInput(group, budget))
                                    .matches());
        } catch (BoundedInput.OverBudget e) {
            return true;
        }
    }

    /** A group id that counts the characters a match reads, and stops it once the budget is spent. */
    private record BoundedInput(String text, Budget budget) implements CharSequence {

        /** Characters read for one pattern against all of a resource's groups: far more than a sane pattern reads. */
        static final long BUDGET = 10_000_000;

        static final class Budget {
            private long left = BUDGET;
        }

        static final class OverBudget extends RuntimeException {
            private static final long serialVersionUID = 1L;

            OverBudget() {
                super(null, null, false, false);
            }
        }

        @Override
        public char charAt(int index) {
            if (--budget.left < 0) {
                throw new OverBudget();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedInput(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static Set<String> groups(RunOnceResource<?> resource) {
        return resource.consumerGroups() == null ? Set.of() : new HashSet<>(resource.consumerGroups());
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
