package sh.oso.korb.storage;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import sh.oso.korb.error.GroupsNotInSnapshotException;
import sh.oso.korb.error.SnapshotExistsException;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotReader;
import sh.oso.korb.snapshot.SnapshotSummary;
import sh.oso.korb.snapshot.SnapshotWriter;

/** Snapshots in a store: the store's bytes joined with the snapshot format. */
public final class SnapshotRepository {

    private final SnapshotStore store;

    public SnapshotRepository(SnapshotStore store) {
        this.store = store;
    }

    /** Fails early, before any Kafka work, when a snapshot would be refused anyway. */
    public void checkCanCreate(SnapshotId id, boolean overwrite) {
        if (!overwrite && store.exists(id)) {
            throw SnapshotExistsException.at(id.value(), store.locationOf(id));
        }
    }

    public boolean exists(SnapshotId id) {
        return store.exists(id);
    }

    public void save(Snapshot snapshot, boolean overwrite) {
        store.write(
                snapshot.id(),
                out -> SnapshotWriter.write(snapshot, out),
                overwrite ? SnapshotStore.WriteMode.REPLACE : SnapshotStore.WriteMode.CREATE);
    }

    public Snapshot load(SnapshotId id) {
        return store.read(id, in -> SnapshotReader.readAll(id, store.locationOf(id), in));
    }

    /**
     * Loads only the listed groups, so a large snapshot costs memory only for the groups being rolled back
     * or verified, and fails when a listed group is not in the snapshot.
     */
    public Snapshot loadGroups(SnapshotId id, Collection<String> groups) {
        Set<String> wanted = new LinkedHashSet<>(groups);
        Snapshot snapshot = store.read(id, in -> SnapshotReader.read(id, store.locationOf(id), in, wanted::contains));
        List<String> missing = wanted.stream()
                .filter(group -> !snapshot.groups().containsKey(group))
                .toList();
        if (!missing.isEmpty()) {
            throw new GroupsNotInSnapshotException("consumer group(s) "
                    + ControlCharacters.escape(String.join(", ", missing))
                    + " are not in snapshot '" + id + "': list its groups with 'korb show --snapshot-id " + id
                    + "' and fix --consumer-groups");
        }
        return snapshot;
    }

    /** The ids of the snapshot's groups, read while streaming without their offsets. */
    public SortedSet<String> groupNames(SnapshotId id) {
        return store.read(id, in -> SnapshotReader.groupNames(id, store.locationOf(id), in));
    }

    /** Counts groups and partitions while streaming, so listing large snapshots needs little memory. */
    public SnapshotSummary summary(SnapshotId id) {
        return store.read(id, in -> SnapshotReader.summarize(id, store.locationOf(id), in));
    }

    public List<StoredSnapshot> list() {
        return store.list();
    }

    public void delete(SnapshotId id) {
        store.delete(id);
    }

    public String locationOf(SnapshotId id) {
        return store.locationOf(id);
    }
}
