package sh.oso.korb.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.UnaryOperator;
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
        requireAll(id, wanted, snapshot.groups().keySet());
        return snapshot;
    }

    /** Everything but the groups' offsets (which are read, checked against the digest and dropped). */
    public Snapshot header(SnapshotId id) {
        return loadGroups(id, List.of());
    }

    /**
     * Streams the listed groups of the snapshot to {@code visitor}, one at a time in the order they are stored, and
     * returns the rest of the snapshot; fails, after the visits, when a listed group is not in it. Memory holds one
     * group at a time however large the snapshot.
     */
    public Snapshot stream(SnapshotId id, Collection<String> groups, SnapshotReader.GroupVisitor visitor) {
        Set<String> wanted = new HashSet<>(groups);
        Set<String> found = new HashSet<>();
        Snapshot header = store.read(
                id,
                in -> SnapshotReader.stream(id, store.locationOf(id), in, wanted::contains, (group, offsets) -> {
                    found.add(group);
                    visitor.visit(group, offsets);
                }));
        requireAll(id, new LinkedHashSet<>(groups), found);
        return header;
    }

    /**
     * Saves a snapshot whose groups {@code groups} writes as they come (never over another snapshot): one larger
     * than memory is never held whole.
     */
    public void saveStreamed(Snapshot header, SnapshotWriter.GroupSource groups) {
        saveStreamed(header, groups, false);
    }

    /** Saves a snapshot streamed, as {@link #saveStreamed(Snapshot, SnapshotWriter.GroupSource)}; may replace one. */
    public void saveStreamed(Snapshot header, SnapshotWriter.GroupSource groups, boolean overwrite) {
        store.write(
                header.id(),
                out -> SnapshotWriter.write(header, groups, out),
                overwrite ? SnapshotStore.WriteMode.REPLACE : SnapshotStore.WriteMode.CREATE);
    }

    /**
     * Saves the snapshot {@code id} again with the header {@code change} makes of its own, its groups copied as they
     * are read: e.g. an undo snapshot marked finished, however large.
     */
    public void rewriteHeader(SnapshotId id, UnaryOperator<Snapshot> change) {
        Snapshot changed = change.apply(header(id));
        store.write(
                id,
                out -> SnapshotWriter.write(changed, sink -> copyGroups(id, sink), out),
                SnapshotStore.WriteMode.REPLACE);
    }

    private void copyGroups(SnapshotId id, SnapshotWriter.GroupSink sink) throws IOException {
        try {
            store.read(
                    id,
                    in -> SnapshotReader.stream(id, store.locationOf(id), in, group -> true, (group, offsets) -> {
                        try {
                            sink.write(group, offsets);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the copy's writing failed, not the reading
        }
    }

    private static void requireAll(SnapshotId id, Set<String> wanted, Set<String> found) {
        List<String> missing =
                wanted.stream().filter(group -> !found.contains(group)).toList();
        if (!missing.isEmpty()) {
            throw new GroupsNotInSnapshotException("consumer group(s) "
                    + ControlCharacters.escape(String.join(", ", missing))
                    + " are not in snapshot '" + id + "': list its groups with 'korb show --snapshot-id " + id
                    + "' and fix --consumer-groups");
        }
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
