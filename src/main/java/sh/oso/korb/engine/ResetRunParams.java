package sh.oso.korb.engine;

import io.fabric8.tekton.v1.ParamValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import sh.oso.korb.api.KafkaOffsetReset;
import sh.oso.korb.api.KafkaOffsetResetSpec;
import sh.oso.korb.api.MappingConfigMapRef;
import sh.oso.korb.api.OffsetResetStrategy;
import sh.oso.korb.api.StorageSpec;
import sh.oso.korb.error.InvalidSpecException;

/**
 * A KafkaOffsetReset's spec as the params and workspaces of the Task kafka-offset-reset (and the Argo template
 * reset, which takes the same params), as {@link RunParams} maps a KafkaOffsetRollback's; the Kafka and store
 * params are RunParams' own, so both resources name them alike. Unset fields keep the Task's defaults.
 *
 * <ul>
 *   <li>The strategy is one target param: earliest to-earliest, latest to-latest, timestamp to-datetime (the
 *       timestamp, or timestampMillis as digits), offset to-offset, shiftBy shift-by, duration by-duration,
 *       fromGroup from-group, fromMapping from-file: the ConfigMap's key as the file the mapping workspace mounts.
 *   <li>headerBased has no run: {@link #notSupported} says what to use instead.
 *   <li>createSnapshot false is no-undo "true": no store is needed, so none is passed and no store Secret or
 *       claim is bound. With createSnapshot true (the default) and no storage the undo snapshot goes to the
 *       rollback's default store, the ConfigMap offset-snapshots in the resource's namespace, where a
 *       KafkaOffsetRollback without storage finds it.
 * </ul>
 */
public final class ResetRunParams {

    /** The Task's workspace (and the Workflow's volume) that holds the mapping file of strategy fromMapping. */
    public static final String MAPPING_WORKSPACE = "mapping";
    /** Where the Task mounts it (its mountPath), and so where from-file points. */
    public static final String MAPPING_PATH = "/var/run/korb/mapping";

    private final Map<String, ParamValue> values = new LinkedHashMap<>();

    /** The params of a reset that {@link #notSupported} accepts. */
    public ResetRunParams(KafkaOffsetReset resource) {
        KafkaOffsetResetSpec spec = resource.getSpec();
        notSupported(resource).ifPresent(message -> {
            throw new IllegalArgumentException(message);
        });
        values.put("consumer-groups", new ParamValue(spec.getConsumerGroups()));
        topics(spec).ifPresent(topics -> put("topics", topics));
        target(spec);
        put("snapshot-id", spec.getSnapshotId());
        if (!spec.createsSnapshot()) {
            put("no-undo", "true");
        }
        put("dry-run", spec.getDryRun());
        put("parallelism", spec.getParallelism());
        RunParams.kafka(spec.getKafkaCluster(), values);
        store(resource)
                .ifPresent(
                        store -> RunParams.storage(store, resource.getMetadata().getNamespace(), values));
    }

    public void forEach(BiConsumer<String, ParamValue> action) {
        values.forEach(action);
    }

    /**
     * Why the reset cannot run, when it cannot: headerBased needs the offset headers a backup tool writes into
     * restored records, which korb does not read.
     */
    public static Optional<String> notSupported(KafkaOffsetReset resource) {
        if (resource.getSpec().getStrategy() != OffsetResetStrategy.HEADER_BASED) {
            return Optional.empty();
        }
        return Optional.of("spec.strategy headerBased is not supported: korb reads no backup headers; use strategy"
                + " timestamp with the time to resume from (e.g. the backup's time) or fromMapping with a mapping of"
                + " the offsets in a ConfigMap");
    }

    /** Workspace name to Secret name, for every Secret the spec names and the run needs. */
    public static Map<String, String> secretWorkspaces(KafkaOffsetReset resource) {
        return RunParams.secretWorkspaces(
                resource.getSpec().getKafkaCluster(), store(resource).orElse(null));
    }

    /** The PersistentVolumeClaim of the undo snapshot's store, when it is one. */
    public static Optional<String> claim(KafkaOffsetReset resource) {
        return store(resource).flatMap(RunParams::claim);
    }

    /** For strategy fromMapping: the ConfigMap the mapping workspace is bound to. */
    public static Optional<MappingConfigMapRef> mapping(KafkaOffsetReset resource) {
        KafkaOffsetResetSpec spec = resource.getSpec();
        return spec.getStrategy() == OffsetResetStrategy.FROM_MAPPING
                ? Optional.of(spec.getMappingConfigMap())
                : Optional.empty();
    }

    /** Where the undo snapshot goes: none with createSnapshot false, else the spec's store or the default one. */
    public static Optional<StorageSpec> store(KafkaOffsetReset resource) {
        KafkaOffsetResetSpec spec = resource.getSpec();
        return spec.createsSnapshot() ? Optional.of(RunParams.storageOf(spec.getStorage())) : Optional.empty();
    }

    /** The Task's topics param: names comma-separated, or the one topic's partitions as orders:0,1,2. */
    private static Optional<String> topics(KafkaOffsetResetSpec spec) {
        if (spec.getTopics() == null || spec.getTopics().isEmpty()) {
            return Optional.empty();
        }
        String topics = String.join(",", spec.getTopics());
        if (spec.getPartitions() != null && !spec.getPartitions().isEmpty()) {
            topics += ":" + spec.getPartitions().stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return Optional.of(topics);
    }

    /**
     * The one target param of the strategy. The CRD's rules require each strategy's field; checked again here, for
     * an API server without CEL, with the field named.
     */
    private void target(KafkaOffsetResetSpec spec) {
        switch (spec.getStrategy()) {
            case EARLIEST -> put("to-earliest", "true");
            case LATEST -> put("to-latest", "true");
            case TIMESTAMP ->
                put(
                        "to-datetime",
                        spec.getTimestamp() != null
                                ? spec.getTimestamp()
                                : required(spec.getTimestampMillis(), "timestamp (or timestampMillis)", spec));
            case OFFSET -> put("to-offset", required(spec.getOffset(), "offset", spec));
            case SHIFT_BY -> put("shift-by", required(spec.getShiftBy(), "shiftBy", spec));
            case DURATION -> put("by-duration", required(spec.getDuration(), "duration", spec));
            case FROM_GROUP -> put("from-group", required(spec.getFromGroup(), "fromGroup", spec));
            case FROM_MAPPING ->
                put(
                        "from-file",
                        MAPPING_PATH + "/"
                                + required(spec.getMappingConfigMap(), "mappingConfigMap", spec)
                                        .getKey());
            case HEADER_BASED -> throw new IllegalStateException("headerBased has no run");
        }
    }

    private static <T> T required(T value, String field, KafkaOffsetResetSpec spec) {
        if (value == null) {
            throw new InvalidSpecException("spec." + field + " is required with strategy "
                    + spec.getStrategy().value() + ": set it, or choose another strategy");
        }
        return value;
    }

    private void put(String name, Object value) {
        RunParams.put(name, value == null ? null : value.toString(), values);
    }
}
