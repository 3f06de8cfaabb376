package sh.oso.korb.storage;

import sh.oso.korb.snapshot.SnapshotId;

/** A snapshot as a store lists it: its id and its size in bytes. */
public record StoredSnapshot(SnapshotId id, long size) {}
