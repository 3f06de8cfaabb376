package sh.oso.korb.api;

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

    /** Bootstrap servers: a cluster lists a few brokers to start from. */
    public static final int BOOTSTRAP_SERVERS = 100;

    /** One bootstrap server: a 253-character DNS name, ':' and a five-digit port. */
    public static final int SERVER_LENGTH = 259;

    /**
     * Kubernetes object names and Secret keys (at most 253 characters); bucket, container and region names are
     * shorter in every store (S3 and Azure 63, GCS 222).
     */
    public static final int NAME_LENGTH = 253;

    /** Object name prefixes and endpoint URLs: an object name has at most 1,024 bytes in S3, GCS and Azure. */
    public static final int PATH_LENGTH = 1_024;

    private SpecLimits() {}
}
