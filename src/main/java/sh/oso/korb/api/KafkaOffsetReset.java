package sh.oso.korb.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One reset of consumer group offsets (korb reset): to the earliest or latest offset, a time, an offset, a shift,
 * another group's offsets or a mapping. Like a KafkaOffsetRollback it is one run, with the outcome in its status;
 * unlike it, it needs no snapshot to start from, and it saves the offsets it replaces as an undo snapshot that a
 * KafkaOffsetRollback can roll back to. Short name kor (kafka offset reset) beside the rollback's korb.
 */
@Group(KafkaOffsetRollback.GROUP)
@Version(KafkaOffsetRollback.VERSION)
@Plural("kafkaoffsetresets")
@ShortNames("kor")
@AdditionalPrinterColumn(
        name = "Groups Reset",
        jsonPath = ".status.groupsReset",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Undo Snapshot", jsonPath = ".status.snapshotId", priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Run", jsonPath = ".status.run.name")
@AdditionalPrinterColumn(name = "Run Kind", jsonPath = ".status.run.kind", priority = 1)
public class KafkaOffsetReset extends CustomResource<KafkaOffsetResetSpec, KafkaOffsetResetStatus>
        implements Namespaced {

    private static final long serialVersionUID = 1L;
}
