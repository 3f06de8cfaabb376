package sh.oso.korb.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import sh.oso.korb.kafka.GroupCommit.Status;

/**
 * One run of offset commits (or, for rollback --exact, of offset deletions), one request per group, at most
 * {@code --parallelism} in flight, bounded in time when the cluster stops answering: after a commit gets no answer
 * within {@code --timeout}, no new commit is sent until one is answered (commits are sent one at a time meanwhile),
 * and after {@value #GONE_AFTER} in a row get none the cluster counts as gone and the rest are not sent. So the
 * phase ends within about {@value #GONE_AFTER} timeouts of the cluster going silent, whatever the number of groups.
 *
 * <p>A commit without an answer may still have been applied (the broker may have acted and the answer been lost):
 * such a group ends {@link Status#UNKNOWN}, never failed. Errors the broker answered with that may pass (the
 * coordinator moved or is loading) are retried, up to {@value #MAX_ATTEMPTS} attempts; others are not.
 */
final class CommitPhase {

    static final int MAX_ATTEMPTS = 3;
    static final int GONE_AFTER = 3;

    // The Admin client enforces each request's deadline itself; this margin only guards against a lost callback.
    private static final Duration GRACE = Duration.ofSeconds(5);

    private record Answer(String group, Throwable error) {}

    /** What the phase sends for each group, and how its answers read. */
    private record Request(
            String action, String noun, Function<String, KafkaFuture<Void>> send, Predicate<Throwable> done) {}

    private final KafkaConfig config;
    private final Request request;
    private final Deque<String> waiting;
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Set<String> unanswered = new HashSet<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final Map<String, GroupCommit> ends = new TreeMap<>();
    private int unansweredInARow;

    private CommitPhase(KafkaConfig config, Set<String> groups, Request request) {
        this.config = config;
        this.request = request;
        this.waiting = new ArrayDeque<>(groups);
    }

    /** Commits each group's offsets. */
    static CommitPhase commits(
            Admin admin, KafkaConfig config, Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets) {
        return new CommitPhase(
                config,
                offsets.keySet(),
                new Request(
                        "committing offsets",
                        "the commit",
                        group -> admin.alterConsumerGroupOffsets(
                                        group,
                                        offsets.get(group),
                                        new AlterConsumerGroupOffsetsOptions().timeoutMs(config.timeoutMs()))
                                .all(),
                        error -> false));
    }

    /**
     * Deletes each group's offsets of the partitions given. A group that does not exist has no offsets: its deletion
     * is done (a retry after an answer was lost may find it gone).
     */
    static CommitPhase deletions(Admin admin, KafkaConfig config, Map<String, Set<TopicPartition>> partitions) {
        return new CommitPhase(
                config,
                partitions.keySet(),
                new Request(
                        "deleting offsets",
                        "the deletion",
                        group -> admin.deleteConsumerGroupOffsets(
                                        group,
                                        partitions.get(group),
                                        new DeleteConsumerGroupOffsetsOptions().timeoutMs(config.timeoutMs()))
                                .all(),
                        error -> error instanceof GroupIdNotFoundException));
    }

    CommitOutcome run() {
        try {
            for (send(); !inFlight.isEmpty(); send()) {
                Answer answer = answers.poll(config.timeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
                if (answer == null) {
                    // the Admin client lost its callbacks: nothing more will come
                    inFlight.forEach(group -> unanswered(group, noAnswer()));
                    break;
                }
                inFlight.remove(answer.group());
                settle(answer.group(), answer.error() == null ? null : KafkaCalls.unwrap(answer.error()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.forEach(group -> unanswered(group, "interrupted while waiting for the answer"));
        }
        String notSent = "not sent: " + GONE_AFTER + " requests in a row got no answer within "
                + KafkaCalls.seconds(config.timeout()) + ", so the cluster looks unreachable";
        for (String group : waiting) {
            ends.put(
                    group,
                    unanswered.contains(group)
                            ? new GroupCommit(Status.UNKNOWN, noAnswer(), true)
                            : new GroupCommit(Status.NOT_ATTEMPTED, notSent, true));
        }
        return new CommitOutcome(new TreeMap<>(ends));
    }

    private boolean clusterGone() {
        return unansweredInARow >= GONE_AFTER;
    }

    /** Sends what may go: up to the parallelism, or one probe at a time while commits go unanswered. */
    private void send() {
        int limit = unansweredInARow == 0 ? config.parallelism() : 1;
        while (!clusterGone() && inFlight.size() < limit && !waiting.isEmpty()) {
            String group = waiting.poll();
            attempts.merge(group, 1, Integer::sum);
            inFlight.add(group);
            try {
                request.send().apply(group).whenComplete((ignored, error) -> answers.add(new Answer(group, error)));
            } catch (RuntimeException e) {
                answers.add(new Answer(group, e));
            }
        }
    }

    private void settle(String group, Throwable error) {
        if (error == null || request.done().test(error)) {
            unansweredInARow = 0;
            ends.put(group, GroupCommit.committed());
        } else if (error instanceof TimeoutException
                || error instanceof DisconnectException
                || error instanceof NetworkException) {
            unansweredInARow++;
            if (attempts.get(group) < MAX_ATTEMPTS && !clusterGone()) {
                unanswered.add(group);
                waiting.addLast(group);
            } else {
                unanswered(group, noAnswer());
            }
        } else {
            unansweredInARow = 0;
            boolean retriable = error instanceof RetriableException;
            if (unanswered.contains(group)
                    && (isMembershipConflict(error) || !retriable || attempts.get(group) >= MAX_ATTEMPTS)) {
                // an earlier attempt got no answer, and may have been applied
                ends.put(group, new GroupCommit(Status.UNKNOWN, noAnswer(), true));
            } else if (isMembershipConflict(error)) {
                ends.put(group, new GroupCommit(Status.ACTIVE_NOW, "consumers joined the group", true));
            } else if (retriable && attempts.get(group) < MAX_ATTEMPTS) {
                waiting.addLast(group);
            } else {
                ends.put(
                        group,
                        new GroupCommit(
                                Status.FAILED,
                                KafkaCalls.failure(request.action(), error, config)
                                        .getMessage(),
                                retriable));
            }
        }
    }

    private void unanswered(String group, String cause) {
        unanswered.add(group);
        ends.put(group, new GroupCommit(Status.UNKNOWN, cause, true));
    }

    private String noAnswer() {
        return "no answer within " + KafkaCalls.seconds(config.timeout()) + ": " + request.noun()
                + " may have been applied";
    }

    private static boolean isMembershipConflict(Throwable error) {
        return error instanceof UnknownMemberIdException
                || error instanceof GroupNotEmptyException
                || error instanceof RebalanceInProgressException
                || error instanceof FencedMemberEpochException
                // only offset deletion answers so: the group has members now that subscribe to the topic
                || error instanceof GroupSubscribedToTopicException;
    }
}
