package sh.oso.korb.snapshot;

import java.time.Instant;

/** What {@code korb list} shows of a snapshot, and what Tekton/Argo results report about it. */
public record SnapshotSummary(SnapshotId id, Instant timestamp, int groups, int totalPartitions) {}
