package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * The resource's spec: the public reference's "Full Specification", plus the additions docs/kafkaoffsetrollback.md
 * lists, in the nested types.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.operation == 'delete' || (has(self.consumerGroups) && size(self.consumerGroups) > 0)"
                + " || has(self.consumerGroupPattern)",
        message = "consumerGroups or consumerGroupPattern is required unless operation is delete")
@ValidationRule(
        value = "!has(self.consumerGroups) || !has(self.consumerGroupPattern)",
        message = "consumerGroups and consumerGroupPattern are mutually exclusive: give one of them")
@ValidationRule(
        value = "self.operation == 'delete' || has(self.kafkaCluster)",
        message = "kafkaCluster is required unless operation is delete")
@ValidationRule(
        value = "self == oldSelf",
        message = "spec is immutable: a KafkaOffsetRollback is one run; create a new resource to run again")
public class KafkaOffsetRollbackSpec implements RunSpec {

    @Required
    @PrinterColumn(name = "Operation")
    @JsonPropertyDescription("snapshot, rollback, verify or delete.")
    private Operation operation;

    @JsonPropertyDescription("The Kafka cluster; required unless operation is delete.")
    private KafkaClusterSpec kafkaCluster;

    @JsonPropertyDescription(
            "Consumer group ids; this or consumerGroupPattern is required unless operation is" + " delete.")
    @Size(max = SpecLimits.GROUPS)
    private List<@Size(max = SpecLimits.GROUP_ID_LENGTH) String> consumerGroups;

    @JsonPropertyDescription("Instead of consumerGroups: a Java regular expression matched against the whole group"
            + " id; '.*' selects every group. A snapshot takes the cluster's consumer groups it matches; a rollback"
            + " and a verify the snapshot's.")
    @Size(min = 1, max = SpecLimits.GROUP_PATTERN_LENGTH)
    private String consumerGroupPattern;

    @Required
    @Size(min = 1, max = SpecLimits.SNAPSHOT_ID_LENGTH)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @PrinterColumn(name = "Snapshot")
    @JsonPropertyDescription("Snapshot id: letters, digits, '.', '-' and '_'.")
    private String snapshotId;

    @JsonPropertyDescription("Where snapshots are stored; default a ConfigMap named offset-snapshots.")
    private StorageSpec storage;

    @JsonPropertyDescription("Verification options, for operation verify.")
    private VerifySpec verify;

    @JsonPropertyDescription("For operations rollback and verify: the groups' offsets must be exactly the snapshot's."
            + " A rollback deletes offsets committed where the snapshot has none (as after a reset that created"
            + " them); a verify counts them as differences. Default false; ignored by other operations.")
    private Boolean exact;

    @JsonPropertyDescription("Compute resources of the executor step.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Retries, deadline and clean-up of the run.")
    private JobSpec job;

    public Boolean getExact() {
        return exact;
    }

    public void setExact(Boolean exact) {
        this.exact = exact;
    }

    public Operation getOperation() {
        return operation;
    }

    public void setOperation(Operation operation) {
        this.operation = operation;
    }

    public KafkaClusterSpec getKafkaCluster() {
        return kafkaCluster;
    }

    public void setKafkaCluster(KafkaClusterSpec kafkaCluster) {
        this.kafkaCluster = kafkaCluster;
    }

    public List<String> getConsumerGroups() {
        return consumerGroups;
    }

    public void setConsumerGroups(List<String> consumerGroups) {
        this.consumerGroups = consumerGroups;
    }

    public String getConsumerGroupPattern() {
        return consumerGroupPattern;
    }

    public void setConsumerGroupPattern(String consumerGroupPattern) {
        this.consumerGroupPattern = consumerGroupPattern;
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public void setSnapshotId(String snapshotId) {
        this.snapshotId = snapshotId;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public VerifySpec getVerify() {
        return verify;
    }

    public void setVerify(VerifySpec verify) {
        this.verify = verify;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public JobSpec getJob() {
        return job;
    }

    public void setJob(JobSpec job) {
        this.job = job;
    }
}
