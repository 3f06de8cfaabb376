package sh.oso.korb.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.admin.OldBrokerAnswers;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.KafkaAccessException;
import sh.oso.korb.testing.EmbeddedKafka;

/** Which groups count as active, against the real broker and against one too old to filter groups. */
class ConsumerGroupAdminTest {

    private static final String TOPIC =
            "activity-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String IDLE = TOPIC + "-idle";
    private static final String BUSY = TOPIC + "-busy";
    private static KafkaConsumer<String, String> consumer;

    private final KafkaConfig config = new KafkaConfig(kafka().bootstrapServers(), Duration.ofSeconds(20), 8, Map.of());

    @BeforeAll
    static void groups() throws Exception {
        kafka().createTopic(TOPIC, 2, 5);
        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition(TOPIC, 0), 3L, new TopicPartition(TOPIC, 1), 4L);
        kafka().commit(IDLE, offsets);
        kafka().commit(BUSY, offsets);
        consumer = kafka().liveConsumer(BUSY, "classic", TOPIC);
    }

    @AfterAll
    static void stopConsumer() {
        consumer.close();
    }

    @Test
    void onlyTheGroupWithALiveMemberIsActive() {
        List<GroupActivity> active = new ConsumerGroupAdmin(kafka().admin(), config)
                .activeGroups(List.of(IDLE, BUSY, TOPIC + "-never-existed"));

        assertThat(active).extracting(GroupActivity::groupId).containsExactly(BUSY);
        assertThat(active.get(0).describe()).contains("live-" + BUSY);
    }

    @Test
    void aBrokerThatCannotFilterGroupsGetsEveryGroupDescribedInstead() {
        try (Admin oldBroker = oldBroker()) {
            ConsumerGroupAdmin groups = new ConsumerGroupAdmin(oldBroker, config);

            assertThat(groups.activeGroups(List.of(IDLE, BUSY)))
                    .extracting(GroupActivity::groupId)
                    .containsExactly(BUSY);
            // before group types (Kafka 3.8) a broker has no share or streams groups to refuse
            groups.requireConsumerGroups(List.of(IDLE, BUSY));
        }
    }

    /**
     * --all-groups and --group-pattern choose among consumer groups as kafka-consumer-groups.sh --all-groups lists
     * them (Kafka 4.3's ConsumerGroupCommand asks for ListGroupsOptions.forConsumerGroups()): types consumer and
     * classic, protocol "consumer" or none; never share or streams groups.
     */
    @Test
    void consumerGroupsAreListedAsKafkasOwnToolListsThem() {
        ListGroupsOptions options = ConsumerGroupAdmin.consumerGroupListing();
        assertThat(options.types()).containsExactlyInAnyOrder(GroupType.CONSUMER, GroupType.CLASSIC);
        assertThat(options.protocolTypes()).containsExactlyInAnyOrder("", "consumer");

        assertThat(new ConsumerGroupAdmin(kafka().admin(), config).consumerGroupIds())
                .contains(IDLE, BUSY);
    }

    @Test
    void aBrokerThatCannotFilterByTypeListsItsConsumerGroupsByProtocol() {
        try (Admin noTypes = new ForwardingAdmin(Map.of("bootstrap.servers", kafka().bootstrapServers())) {
            @Override
            public ListGroupsResult listGroups(ListGroupsOptions options) {
                return options.types().isEmpty() ? super.listGroups(options) : OldBrokerAnswers.listGroupsUnsupported();
            }
        }) {
            assertThat(new ConsumerGroupAdmin(noTypes, config).consumerGroupIds())
                    .contains(IDLE, BUSY);
        }
    }

    @Test
    void otherListingFailuresAreNotMistakenForAnOldBroker() {
        Admin closed = Admin.create(Map.of("bootstrap.servers", kafka().bootstrapServers()));
        closed.close();

        assertThatThrownBy(() -> new ConsumerGroupAdmin(closed, config).activeGroups(List.of(IDLE)))
                .isInstanceOf(KafkaAccessException.class)
                .hasMessageContaining("listing the groups that have members");
    }

    /**
     * Offset deletion, as rollback --exact sends it: an empty group's offsets go; the broker refuses a group whose
     * members subscribe to the topic (a consumer joined since the check), which ends as consumers having joined, not
     * as a failure; a group that does not exist has nothing left to delete.
     */
    @Test
    void deletingOffsetsOfAGroupWhoseMembersSubscribeToTheTopicEndsAsActiveNow() throws Exception {
        String tidy = TOPIC + "-tidy";
        TopicPartition first = new TopicPartition(TOPIC, 0);
        TopicPartition second = new TopicPartition(TOPIC, 1);
        kafka().commit(tidy, Map.of(first, 3L, second, 4L));

        CommitOutcome outcome = new ConsumerGroupAdmin(kafka().admin(), config)
                .deleteOffsets(
                        Map.of(tidy, Set.of(second), BUSY, Set.of(first), TOPIC + "-never-existed", Set.of(first)));

        assertThat(outcome.with(GroupCommit.Status.COMMITTED))
                .containsExactlyInAnyOrder(tidy, TOPIC + "-never-existed");
        assertThat(outcome.with(GroupCommit.Status.ACTIVE_NOW)).containsExactly(BUSY);
        assertThat(kafka().committed(tidy)).isEqualTo(Map.of(first, 3L));
        assertThat(kafka().committed(BUSY)).containsKey(first);
    }

    private static EmbeddedKafka kafka() {
        return EmbeddedKafka.shared();
    }

    private static Admin oldBroker() {
        return new ForwardingAdmin(Map.of("bootstrap.servers", kafka().bootstrapServers())) {
            @Override
            public ListGroupsResult listGroups(ListGroupsOptions options) {
                return OldBrokerAnswers.listGroupsUnsupported();
            }
        };
    }
}
