package sh.oso.korb.kafka;

import java.util.List;
import java.util.Map;

/**
 * What happened to each group's offset commit.
 *
 * @param committed the groups whose offsets were committed
 * @param failed    for each failed group, the cause in one line
 * @param activeNow the failed groups whose commit was refused because members joined meanwhile
 */
public record CommitOutcome(List<String> committed, Map<String, String> failed, List<String> activeNow) {

    public CommitOutcome {
        committed = List.copyOf(committed);
        failed = Map.copyOf(failed);
        activeNow = List.copyOf(activeNow);
    }

    public boolean allCommitted() {
        return failed.isEmpty();
    }
}
