package sh.oso.korb.controller;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import sh.oso.korb.api.KafkaClusterSpec;
import sh.oso.korb.api.KafkaOffsetRollback;
import sh.oso.korb.api.KafkaOffsetRollbackSpec;
import sh.oso.korb.api.KafkaOffsetRollbackStatus;
import sh.oso.korb.api.Operation;
import sh.oso.korb.api.Phase;
import sh.oso.korb.engine.RunNames;

/** KafkaOffsetRollbacks as the controller's informer hands them over, for the unit tests. */
final class Rollbacks {

    static final String NAMESPACE = "kafka-backup";
    static final Instant EARLIER = Instant.parse("2026-11-24T06:00:00Z");
    static final Instant LATER = EARLIER.plusSeconds(60);

    private Rollbacks() {}

    /** A resource created at {@link #EARLIER} against kafka:9092, not yet reconciled. */
    static KafkaOffsetRollback rollback(String name, Operation operation, String... groups) {
        return resource(name, operation, EARLIER, List.of("kafka:9092"), groups);
    }

    static KafkaOffsetRollback resource(
            String name, Operation operation, Instant created, List<String> servers, String... groups) {
        KafkaOffsetRollback resource = new KafkaOffsetRollback();
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(NAMESPACE)
                .withUid(name + "-uid")
                .withGeneration(1L)
                .withCreationTimestamp(created.toString())
                .build());
        KafkaOffsetRollbackSpec spec = new KafkaOffsetRollbackSpec();
        KafkaClusterSpec cluster = new KafkaClusterSpec();
        cluster.setBootstrapServers(servers);
        spec.setKafkaCluster(cluster);
        spec.setConsumerGroups(List.of(groups));
        spec.setOperation(operation);
        spec.setSnapshotId("before-change");
        resource.setSpec(spec);
        resource.setStatus(new KafkaOffsetRollbackStatus());
        return resource;
    }

    /** The resource with its PipelineRun created and the phase given. */
    static KafkaOffsetRollback running(KafkaOffsetRollback resource, Phase phase) {
        resource.getStatus().setPhase(phase);
        resource.getStatus().setPipelineRun(RunNames.run(resource));
        resource.getStatus().setRunGeneration(RunNames.generation(resource));
        return resource;
    }

    static String reason(KafkaOffsetRollback resource) {
        return Conditions.readyReason(resource.getStatus().getConditions()).orElse(null);
    }

    static String message(KafkaOffsetRollback resource) {
        return Conditions.find(resource.getStatus().getConditions(), Conditions.READY)
                .orElseThrow()
                .getMessage();
    }

    static String ready(KafkaOffsetRollback resource) {
        return Conditions.find(resource.getStatus().getConditions(), Conditions.READY)
                .orElseThrow()
                .getStatus();
    }
}
