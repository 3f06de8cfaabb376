package sh.oso.korb.cli;

import java.time.Clock;
import java.util.Map;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.storage.SnapshotStoreFactory;

/** What the commands need from outside: injected so tests can run the CLI in-process. */
record Services(
        KafkaClientFactory kafkaClients,
        SnapshotStoreFactory storeFactory,
        Clock clock,
        Map<String, String> environment) {}
