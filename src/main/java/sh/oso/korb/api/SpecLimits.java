package sh.oso.korb.api;

import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.storage.StorageConfig;

/**
 * The bounds of the spec's lists and strings, in the generated CRD as {@code maxItems} and {@code maxLength}. Each is
 * above what the value it bounds can be (a Kubernetes name, a store's object name, a host:port) or what korb is
 * measured to handle in one run, so no working spec is refused. They let the API server bound the work of the CRD's
 * CEL rules (one compares the whole spec with the stored one: {@code self == oldSelf}) and of any rule added later
 * that walks a list; {@code CelRulesTest} estimates each rule's cost with them against the API server's limits.
 */
public final class SpecLimits {

    /** Groups in one run: the benchmark's largest run, 10,000 groups x 24 partitions, fits the reference's 256Mi. */
    public static final int GROUPS = 10_000;

    /** A consumer group id: Kafka sets no limit of its own; generated ids (Streams, Spark, Flink) stay far below. */
    public static final int GROUP_ID_LENGTH = 1_024;

    /** A consumer group pattern (a Java regular expression): as long as a group id, which it stands for. */
    public static final int GROUP_PATTERN_LENGTH = GROUP_ID_LENGTH;

    /** Topics of one reset: as many as groups. */
    public static final int TOPICS = 10_000;

    /** A topic name: Kafka's own limit. */
    public static final int TOPIC_LENGTH = 249;

    /** Partitions of the one topic a reset may be narrowed to: more than any topic has. */
    public static final int PARTITIONS = 10_000;

    /** An RFC 3339 time with nanoseconds and a zone offset: {@code 2024-12-01T12:00:00.123456789+01:00}. */
    public static final int TIMESTAMP_LENGTH = 35;

    /** A duration, as 1h30m or PT1H30M: far more than any duration takes. */
    public static final int DURATION_LENGTH = 64;

    /** Bootstrap servers: a cluster lists a few brokers to start from. */
    public static final int BOOTSTRAP_SERVERS = 100;

    /** One bootstrap server: a 253-character DNS name, ':' and a five-digit port. */
    public static final int SERVER_LENGTH = 259;

    /**
     * Kubernetes object names and Secret keys (at most 253 characters); bucket, container and region names are
     * shorter in every store (S3 and Azure 63, GCS 222).
     */
    public static final int NAME_LENGTH = 253;

    /** Endpoint URLs: as long as an object name may be in S3, GCS and Azure (1,024 bytes). */
    public static final int PATH_LENGTH = 1_024;

    /**
     * Object name prefixes: what an object name leaves beside the longest snapshot's own name (the executor
     * counts bytes; this counts characters, so it refuses no less than the executor would).
     */
    public static final int PREFIX_LENGTH = StorageConfig.MAX_PREFIX_BYTES;

    /** Snapshot ids: the executor's limit, which every store's names and the undo snapshot's id fit. */
    public static final int SNAPSHOT_ID_LENGTH = SnapshotId.MAX_LENGTH;

    private SpecLimits() {}
}
