package sh.oso.korb.snapshot;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The rollback an undo snapshot was saved by, recorded in it so that a later run of the same rollback finds it
 * (the snapshot format's optional {@code undoOf} object).
 *
 * @param snapshotId            the snapshot that rollback restored
 * @param groups                the groups it rolled back
 * @param finished              whether that run committed everything it planned: saved false before its first
 *                              commit, saved again as true once every commit was applied
 * @param preRollbackSnapshotId the undo snapshot of an earlier run of the same rollback that did not finish, which
 *                              holds the offsets from before the first attempt; empty when this one holds them
 */
public record UndoOf(
        SnapshotId snapshotId, SortedSet<String> groups, boolean finished, Optional<SnapshotId> preRollbackSnapshotId) {

    public UndoOf {
        groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
        preRollbackSnapshotId = preRollbackSnapshotId == null ? Optional.empty() : preRollbackSnapshotId;
    }

    public static UndoOf started(SnapshotId snapshotId, Collection<String> groups, Optional<SnapshotId> preRollback) {
        return new UndoOf(snapshotId, new TreeSet<>(groups), false, preRollback);
    }

    public UndoOf asFinished() {
        return new UndoOf(snapshotId, groups, true, preRollbackSnapshotId);
    }

    /** Whether it was saved by a rollback of exactly these groups to this snapshot. */
    public boolean isOf(SnapshotId snapshot, Collection<String> rolledBack) {
        return snapshotId.equals(snapshot) && groups.equals(new TreeSet<>(rolledBack));
    }

    void write(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("undoOf");
        json.writeStringField("snapshotId", snapshotId.value());
        json.writeArrayFieldStart("groups");
        for (String group : groups) {
            json.writeString(group);
        }
        json.writeEndArray();
        json.writeBooleanField("finished", finished);
        if (preRollbackSnapshotId.isPresent()) {
            json.writeStringField(
                    "preRollbackSnapshotId", preRollbackSnapshotId.get().value());
        }
        json.writeEndObject();
    }
}
