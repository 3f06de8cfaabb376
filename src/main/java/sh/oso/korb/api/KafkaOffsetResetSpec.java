package sh.oso.korb.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * A KafkaOffsetReset's spec: the public KafkaOffsetReset reference's "Full Specification", korb's own strategies
 * shiftBy, duration and fromGroup with a field of the same name each, and the rollback's storage section for the
 * undo snapshot. Each strategy's field is required by a rule; fields of other strategies are allowed (the
 * reference's full specification sets them all) and ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.strategy != 'timestamp' || has(self.timestamp) || has(self.timestampMillis)",
        message = "timestamp or timestampMillis is required with strategy timestamp")
@ValidationRule(
        value = "!has(self.timestamp) || !has(self.timestampMillis)",
        message = "timestamp and timestampMillis are two spellings of one time: set one")
@ValidationRule(
        value = "self.strategy != 'offset' || has(self.offset)",
        message = "offset is required with strategy offset")
@ValidationRule(
        value = "self.strategy != 'fromMapping' || has(self.mappingConfigMap)",
        message = "mappingConfigMap is required with strategy fromMapping")
@ValidationRule(
        value = "self.strategy != 'shiftBy' || has(self.shiftBy)",
        message = "shiftBy is required with strategy shiftBy")
@ValidationRule(
        value = "self.strategy != 'duration' || has(self.duration)",
        message = "duration is required with strategy duration")
@ValidationRule(
        value = "self.strategy != 'fromGroup' || has(self.fromGroup)",
        message = "fromGroup is required with strategy fromGroup")
@ValidationRule(
        value = "!has(self.partitions) || has(self.topics) && size(self.topics) == 1",
        message = "partitions are those of one topic: list exactly that topic in topics")
@ValidationRule(
        value = "self == oldSelf",
        message = "spec is immutable: a KafkaOffsetReset is one run; create a new resource to run again")
public class KafkaOffsetResetSpec implements RunSpec {

    @Required
    @JsonPropertyDescription("The Kafka cluster.")
    private KafkaClusterSpec kafkaCluster;

    @Required
    @Size(min = 1, max = SpecLimits.GROUPS)
    @JsonPropertyDescription("Consumer group ids to reset.")
    private List<@Size(max = SpecLimits.GROUP_ID_LENGTH) String> consumerGroups;

    @Size(max = SpecLimits.TOPICS)
    @JsonPropertyDescription("Topics to reset; default every topic the groups have committed offsets on.")
    private List<@Size(max = SpecLimits.TOPIC_LENGTH) @Pattern("^[A-Za-z0-9._-]+$") String> topics;

    @Size(max = SpecLimits.PARTITIONS)
    @JsonPropertyDescription("With one topic in topics: reset only these of its partitions.")
    private List<@Min(0) Integer> partitions;

    @Required
    @PrinterColumn(name = "Strategy")
    @JsonPropertyDescription("Where the offsets go: earliest, latest, timestamp, offset, fromMapping, shiftBy,"
            + " duration or fromGroup; headerBased is accepted and refused when run (StrategyNotSupported).")
    private OffsetResetStrategy strategy;

    @Size(max = SpecLimits.TIMESTAMP_LENGTH)
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    @JsonPropertyDescription("For strategy timestamp: the time (RFC 3339); each partition goes to the first offset"
            + " at or after it, or to its end when no record is that late.")
    private String timestamp;

    @Min(0)
    @JsonPropertyDescription("For strategy timestamp: the time in milliseconds since the epoch, instead of timestamp.")
    private Long timestampMillis;

    @Min(0)
    @JsonPropertyDescription("For strategy offset: the offset every partition goes to (clamped to the log).")
    private Long offset;

    @JsonPropertyDescription("For strategy shiftBy: how far each committed offset moves; negative moves back.")
    private Long shiftBy;

    @Size(max = SpecLimits.DURATION_LENGTH)
    @JsonPropertyDescription("For strategy duration: how long before now to reset to, as 1h30m or PT1H30M.")
    private String duration;

    @Size(max = SpecLimits.GROUP_ID_LENGTH)
    @JsonPropertyDescription("For strategy fromGroup: the group whose committed offsets are copied.")
    private String fromGroup;

    @Size(max = SpecLimits.NAME_LENGTH)
    @JsonPropertyDescription("For strategy headerBased (not supported): the cluster the backup was taken of.")
    private String sourceCluster;

    @JsonPropertyDescription("For strategy headerBased (not supported): scan every partition.")
    private Boolean scanAllPartitions;

    @JsonPropertyDescription("For strategy fromMapping: the ConfigMap key that holds the offsets.")
    private MappingConfigMapRef mappingConfigMap;

    @Default("true")
    @JsonPropertyDescription(
            "Save the offsets it replaces as an undo snapshot first (in storage); false resets" + " without one.")
    private Boolean createSnapshot;

    @Size(min = 1, max = SpecLimits.SNAPSHOT_ID_LENGTH)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @JsonPropertyDescription(
            "Id of the undo snapshot; default reset-<group, or n-groups>-<UTC time>. Letters, digits, '.', '-'"
                    + " and '_'.")
    private String snapshotId;

    @Min(1)
    @JsonPropertyDescription("Groups reset at once; default 32.")
    private Integer parallelism;

    @JsonPropertyDescription("Plan the reset and change nothing; the status reports what would be reset.")
    private Boolean dryRun;

    @JsonPropertyDescription("Where the undo snapshot is stored; default a ConfigMap named offset-snapshots.")
    private StorageSpec storage;

    @JsonPropertyDescription("Compute resources of the executor step.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Retries, deadline and clean-up of the run.")
    private JobSpec job;

    /** Whether an undo snapshot is saved first: the spec's createSnapshot, true when unset as the CRD defaults it. */
    public boolean createsSnapshot() {
        return createSnapshot == null || createSnapshot;
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

    public List<String> getTopics() {
        return topics;
    }

    public void setTopics(List<String> topics) {
        this.topics = topics;
    }

    public List<Integer> getPartitions() {
        return partitions;
    }

    public void setPartitions(List<Integer> partitions) {
        this.partitions = partitions;
    }

    public OffsetResetStrategy getStrategy() {
        return strategy;
    }

    public void setStrategy(OffsetResetStrategy strategy) {
        this.strategy = strategy;
    }

    public String getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(String timestamp) {
        this.timestamp = timestamp;
    }

    public Long getTimestampMillis() {
        return timestampMillis;
    }

    public void setTimestampMillis(Long timestampMillis) {
        this.timestampMillis = timestampMillis;
    }

    public Long getOffset() {
        return offset;
    }

    public void setOffset(Long offset) {
        this.offset = offset;
    }

    public Long getShiftBy() {
        return shiftBy;
    }

    public void setShiftBy(Long shiftBy) {
        this.shiftBy = shiftBy;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public String getFromGroup() {
        return fromGroup;
    }

    public void setFromGroup(String fromGroup) {
        this.fromGroup = fromGroup;
    }

    public String getSourceCluster() {
        return sourceCluster;
    }

    public void setSourceCluster(String sourceCluster) {
        this.sourceCluster = sourceCluster;
    }

    public Boolean getScanAllPartitions() {
        return scanAllPartitions;
    }

    public void setScanAllPartitions(Boolean scanAllPartitions) {
        this.scanAllPartitions = scanAllPartitions;
    }

    public MappingConfigMapRef getMappingConfigMap() {
        return mappingConfigMap;
    }

    public void setMappingConfigMap(MappingConfigMapRef mappingConfigMap) {
        this.mappingConfigMap = mappingConfigMap;
    }

    public Boolean getCreateSnapshot() {
        return createSnapshot;
    }

    public void setCreateSnapshot(Boolean createSnapshot) {
        this.createSnapshot = createSnapshot;
    }

    public String getSnapshotId() {
        return snapshotId;
    }

    public void setSnapshotId(String snapshotId) {
        this.snapshotId = snapshotId;
    }

    public Integer getParallelism() {
        return parallelism;
    }

    public void setParallelism(Integer parallelism) {
        this.parallelism = parallelism;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
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
