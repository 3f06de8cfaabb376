package sh.oso.korb.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One snapshot, rollback, verify or delete of consumer group offsets. Each resource is one run: the
 * controller runs its spec once and records the outcome in its status. Its reference page is
 * docs/kafkaoffsetrollback.md, whose field tables are generated from this model's CRD.
 */
@Group(KafkaOffsetRollback.GROUP)
@Version(KafkaOffsetRollback.VERSION)
@Plural("kafkaoffsetrollbacks")
@ShortNames("korb")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Run", jsonPath = ".status.run.name")
@AdditionalPrinterColumn(name = "Run Kind", jsonPath = ".status.run.kind", priority = 1)
public class KafkaOffsetRollback extends CustomResource<KafkaOffsetRollbackSpec, KafkaOffsetRollbackStatus>
        implements Namespaced {

    public static final String GROUP = "kafka.oso.sh";
    public static final String VERSION = "v1alpha1";
    private static final long serialVersionUID = 1L;
}
