package sh.oso.korb.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import sh.oso.korb.kafka.TopicAdmin.TopicInfo;
import sh.oso.korb.snapshot.LogRange;
import sh.oso.korb.snapshot.PartitionOffset;

/** Each drift rule on its own, with the facts spelled out. */
class DriftDecisionsTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicInfo ORDERS = new TopicInfo("orders", "id-1", 3);
    private static final TopicInfo ORDERS_RECREATED = new TopicInfo("orders", "id-2", 3);

    private static DriftDecisions.Facts facts(
            long offset,
            Optional<Long> recordTimestamp,
            Optional<TopicInfo> topic,
            LogRange range,
            boolean clusterChanged) {
        PartitionOffset recorded = new PartitionOffset(offset, "meta", 1L, Optional.of(7), recordTimestamp);
        return new DriftDecisions.Facts(
                "g",
                ORDERS_0,
                recorded,
                Optional.of("id-1"),
                topic,
                Optional.ofNullable(range),
                Optional.empty(),
                clusterChanged,
                Optional.of(new OffsetAndMetadata(5)));
    }

    private static DriftDecisions.Facts inRange(long offset) {
        return facts(offset, Optional.empty(), Optional.of(ORDERS), new LogRange(10, 100), false);
    }

    private static DriftPolicy policy(
            DriftPolicy.OutOfRange range, DriftPolicy.TopicDeleted deleted, DriftPolicy.TopicRecreated recreated) {
        return new DriftPolicy(range, deleted, recreated, false);
    }

    @Test
    void anOffsetInsideTheLogIsRestoredWithItsLeaderEpoch() {
        PartitionDecision decision = DriftDecisions.decide(inRange(50), DriftPolicy.DEFAULT);

        assertThat(decision.decision()).isEqualTo(Decision.COMMIT);
        assertThat(decision.drift()).isEqualTo(Drift.NONE);
        assertThat(decision.commit()).contains(new OffsetAndMetadata(50, Optional.of(7), "meta"));
        assertThat(decision.changes()).isTrue();
    }

    @Test
    void theLogBoundsThemselvesAreInRange() {
        assertThat(DriftDecisions.decide(inRange(10), DriftPolicy.DEFAULT).decision())
                .isEqualTo(Decision.COMMIT);
        assertThat(DriftDecisions.decide(inRange(100), DriftPolicy.DEFAULT).decision())
                .isEqualTo(Decision.COMMIT);
    }

    @Test
    void belowTheLogStartIsClampedOrRefused() {
        PartitionDecision clamped = DriftDecisions.decide(inRange(3), DriftPolicy.DEFAULT);
        assertThat(clamped.decision()).isEqualTo(Decision.CLAMP_TO_LOG_START);
        assertThat(clamped.target()).contains(10L);
        assertThat(clamped.drift()).isEqualTo(Drift.BELOW_LOG_START);
        assertThat(clamped.commit())
                .as("the epoch belongs to the recorded offset only")
                .contains(new OffsetAndMetadata(10, Optional.empty(), "meta"));

        PartitionDecision refused = DriftDecisions.decide(
                inRange(3),
                policy(DriftPolicy.OutOfRange.FAIL, DriftPolicy.TopicDeleted.SKIP, DriftPolicy.TopicRecreated.FAIL));
        assertThat(refused.decision()).isEqualTo(Decision.REFUSE);
        assertThat(refused.target()).isEmpty();
        assertThat(refused.reason()).contains("below the log start offset 10");
    }

    @Test
    void pastTheLogEndIsClampedOrRefused() {
        PartitionDecision clamped = DriftDecisions.decide(inRange(250), DriftPolicy.DEFAULT);
        assertThat(clamped.decision()).isEqualTo(Decision.CLAMP_TO_LOG_END);
        assertThat(clamped.target()).contains(100L);

        assertThat(DriftDecisions.decide(
                                inRange(250),
                                policy(
                                        DriftPolicy.OutOfRange.FAIL,
                                        DriftPolicy.TopicDeleted.SKIP,
                                        DriftPolicy.TopicRecreated.FAIL))
                        .decision())
                .isEqualTo(Decision.REFUSE);
    }

    @Test
    void aDeletedTopicIsSkippedOrRefused() {
        DriftDecisions.Facts gone = facts(50, Optional.empty(), Optional.empty(), null, false);

        PartitionDecision skipped = DriftDecisions.decide(gone, DriftPolicy.DEFAULT);
        assertThat(skipped.decision()).isEqualTo(Decision.SKIP_TOPIC_DELETED);
        assertThat(skipped.commit()).isEmpty();
        assertThat(skipped.changes()).isFalse();

        assertThat(DriftDecisions.decide(
                                gone,
                                policy(
                                        DriftPolicy.OutOfRange.CLAMP,
                                        DriftPolicy.TopicDeleted.FAIL,
                                        DriftPolicy.TopicRecreated.FAIL))
                        .decision())
                .isEqualTo(Decision.REFUSE);
    }

    @Test
    void aPartitionThatNoLongerExistsIsSkipped() {
        DriftDecisions.Facts gone =
                facts(50, Optional.empty(), Optional.of(new TopicInfo("orders", "id-1", 0)), null, false);

        assertThat(DriftDecisions.decide(gone, DriftPolicy.DEFAULT).decision()).isEqualTo(Decision.SKIP_PARTITION_GONE);
    }

    @Test
    void aRecreatedTopicIsRefusedByDefault() {
        DriftDecisions.Facts recreated =
                facts(50, Optional.of(1000L), Optional.of(ORDERS_RECREATED), new LogRange(0, 20), false);

        PartitionDecision refused = DriftDecisions.decide(recreated, DriftPolicy.DEFAULT);
        assertThat(refused.decision()).isEqualTo(Decision.REFUSE);
        assertThat(refused.drift()).isEqualTo(Drift.TOPIC_RECREATED);
        assertThat(refused.reason())
                .contains("recreated (topic id id-1, now id-2)")
                .contains("--on-topic-recreated");
    }

    @Test
    void aRecreatedTopicIsTranslatedOrReset() {
        DriftDecisions.Facts recreated =
                facts(50, Optional.of(1000L), Optional.of(ORDERS_RECREATED), new LogRange(2, 20), false);

        PartitionDecision translated = DriftDecisions.decide(
                recreated.withTranslated(12),
                policy(
                        DriftPolicy.OutOfRange.CLAMP,
                        DriftPolicy.TopicDeleted.SKIP,
                        DriftPolicy.TopicRecreated.TIMESTAMP));
        assertThat(translated.decision()).isEqualTo(Decision.TRANSLATE_BY_TIMESTAMP);
        assertThat(translated.target()).contains(12L);

        PartitionDecision nothingNewer = DriftDecisions.decide(
                recreated,
                policy(
                        DriftPolicy.OutOfRange.CLAMP,
                        DriftPolicy.TopicDeleted.SKIP,
                        DriftPolicy.TopicRecreated.TIMESTAMP));
        assertThat(nothingNewer.target())
                .as("no record after the timestamp: the log end")
                .contains(20L);

        assertThat(DriftDecisions.decide(
                                recreated,
                                policy(
                                        DriftPolicy.OutOfRange.CLAMP,
                                        DriftPolicy.TopicDeleted.SKIP,
                                        DriftPolicy.TopicRecreated.EARLIEST))
                        .target())
                .contains(2L);
        assertThat(DriftDecisions.decide(
                                recreated,
                                policy(
                                        DriftPolicy.OutOfRange.CLAMP,
                                        DriftPolicy.TopicDeleted.SKIP,
                                        DriftPolicy.TopicRecreated.LATEST))
                        .target())
                .contains(20L);
    }

    @Test
    void translatingNeedsARecordedTimestamp() {
        DriftDecisions.Facts recreated =
                facts(50, Optional.empty(), Optional.of(ORDERS_RECREATED), new LogRange(0, 20), false);

        PartitionDecision refused = DriftDecisions.decide(
                recreated,
                policy(
                        DriftPolicy.OutOfRange.CLAMP,
                        DriftPolicy.TopicDeleted.SKIP,
                        DriftPolicy.TopicRecreated.TIMESTAMP));
        assertThat(refused.decision()).isEqualTo(Decision.REFUSE);
        assertThat(refused.reason()).contains("--record-timestamps");
    }

    @Test
    void anotherClusterIsTranslatedByTimestampWhenRecorded() {
        DriftDecisions.Facts elsewhere = facts(
                        50, Optional.of(1000L), Optional.of(ORDERS_RECREATED), new LogRange(0, 80), true)
                .withTranslated(33);

        PartitionDecision translated = DriftDecisions.decide(elsewhere, DriftPolicy.DEFAULT);
        assertThat(translated.decision()).isEqualTo(Decision.TRANSLATE_BY_TIMESTAMP);
        assertThat(translated.drift()).isEqualTo(Drift.CLUSTER_CHANGED);
        assertThat(translated.target()).contains(33L);
    }

    @Test
    void anotherClusterWithoutTimestampsFallsBackToThePolicies() {
        DriftDecisions.Facts elsewhere =
                facts(50, Optional.empty(), Optional.of(ORDERS_RECREATED), new LogRange(0, 80), true);

        assertThat(DriftDecisions.decide(elsewhere, DriftPolicy.DEFAULT).decision())
                .isEqualTo(Decision.REFUSE);
        assertThat(DriftDecisions.decide(
                                elsewhere,
                                policy(
                                        DriftPolicy.OutOfRange.CLAMP,
                                        DriftPolicy.TopicDeleted.SKIP,
                                        DriftPolicy.TopicRecreated.EARLIEST))
                        .decision())
                .isEqualTo(Decision.RESET_TO_EARLIEST);
    }

    @Test
    void aPartitionAlreadyAtTheTargetIsUnchanged() {
        DriftDecisions.Facts atTarget = new DriftDecisions.Facts(
                "g",
                ORDERS_0,
                new PartitionOffset(50, "meta", 1L, Optional.empty()),
                Optional.of("id-1"),
                Optional.of(ORDERS),
                Optional.of(new LogRange(0, 100)),
                Optional.empty(),
                false,
                Optional.of(new OffsetAndMetadata(50, Optional.empty(), "meta")));

        PartitionDecision decision = DriftDecisions.decide(atTarget, DriftPolicy.DEFAULT);
        assertThat(decision.changes()).isFalse();
        assertThat(decision.action()).isEqualTo("unchanged");
    }
}
