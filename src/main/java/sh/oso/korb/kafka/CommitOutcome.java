package sh.oso.korb.kafka;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** How the commit of each group ended, by group id. */
public record CommitOutcome(SortedMap<String, GroupCommit> groups) {

    public CommitOutcome {
        groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
    }

    /** The groups whose commit ended with {@code status}, sorted. */
    public List<String> with(GroupCommit.Status status) {
        return groups.entrySet().stream()
                .filter(group -> group.getValue().status() == status)
                .map(Map.Entry::getKey)
                .toList();
    }

    public boolean allCommitted() {
        return groups.values().stream().allMatch(GroupCommit::isCommitted);
    }

    /** This outcome with some groups' ends replaced, e.g. once re-reading told what became of a timed-out commit. */
    public CommitOutcome with(Map<String, GroupCommit> settled) {
        SortedMap<String, GroupCommit> updated = new TreeMap<>(groups);
        updated.putAll(settled);
        return new CommitOutcome(updated);
    }
}
