package sh.oso.korb.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import sh.oso.korb.snapshot.GroupOffsets;
import sh.oso.korb.snapshot.Snapshot;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.snapshot.SnapshotReader;
import sh.oso.korb.storage.SnapshotRepository;

/**
 * Splits a run over many groups into batches of about {@link #offsets()} partition offsets each (a group is never
 * split), so that what a run holds at once (snapshot entries, committed offsets, decisions) is bounded by the batch,
 * not by the snapshot.
 *
 * @param offsets the partition offsets a batch holds at most, unless one group alone has more
 */
public record GroupBatches(int offsets) {

    /** 50,000 offsets: about 25 MB of plan at once, well within a 256 MiB pod's heap. */
    public static final int DEFAULT_OFFSETS = 50_000;

    public static final GroupBatches DEFAULT = new GroupBatches(DEFAULT_OFFSETS);

    public GroupBatches {
        if (offsets < 1) {
            throw new IllegalArgumentException("a batch holds at least one offset");
        }
    }

    /**
     * Streams the listed groups of snapshot {@code id} from the store and hands them on in batches, each as a
     * snapshot of {@code header} holding the batch's groups; the last batch is handed on only once the whole
     * snapshot is read and checked against its digest. Fails, having handed on the others, when a listed group is
     * not in the snapshot.
     */
    public void stream(
            SnapshotRepository snapshots,
            SnapshotId id,
            List<String> groups,
            Snapshot header,
            Consumer<Snapshot> each) {
        Gatherer gatherer = new Gatherer(batch -> each.accept(header.withGroups(batch)));
        snapshots.stream(id, groups, gatherer);
        gatherer.flush();
    }

    /** Groups in batches by how many offsets each has ({@code sizes}, by group; absent: none), in list order. */
    public List<List<String>> split(List<String> groups, Map<String, Integer> sizes) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        long held = 0;
        for (String group : groups) {
            batch.add(group);
            held += sizes.getOrDefault(group, 0);
            if (held >= offsets) {
                batches.add(batch);
                batch = new ArrayList<>();
                held = 0;
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /**
     * Hands {@code groups} on in batches whose offsets are not known beforehand: the first batch holds one group, each
     * next one as many as the offsets per group seen so far let fit. {@code each} returns how many offsets its batch
     * held.
     */
    public void adaptive(List<String> groups, ToIntFunction<List<String>> each) {
        long seen = 0;
        int from = 0;
        while (from < groups.size()) {
            long size = from == 0 ? 1 : Math.max(1, offsets * (long) from / Math.max(1, seen));
            List<String> batch = groups.subList(from, (int) Math.min(groups.size(), from + size));
            seen += each.applyAsInt(batch);
            from += batch.size();
        }
    }

    private final class Gatherer implements SnapshotReader.GroupVisitor {
        private final Consumer<SortedMap<String, GroupOffsets>> full;
        private SortedMap<String, GroupOffsets> batch = new TreeMap<>();
        private long held;

        Gatherer(Consumer<SortedMap<String, GroupOffsets>> full) {
            this.full = full;
        }

        @Override
        public void visit(String group, GroupOffsets groupOffsets) {
            batch.put(group, groupOffsets);
            held += groupOffsets.size();
            if (held >= offsets) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                SortedMap<String, GroupOffsets> handed = batch;
                batch = new TreeMap<>();
                held = 0;
                full.accept(handed);
            }
        }
    }
}
