package sh.oso.korb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sh.oso.korb.error.Reason;
import sh.oso.korb.operation.Decision;
import sh.oso.korb.operation.OffsetDifference;
import sh.oso.korb.snapshot.SnapshotId;
import sh.oso.korb.workflow.TektonRunner;

/**
 * The most a step can write, every result at its longest, still fits the 4,096 bytes Tekton's entrypoint allows
 * a container's results: a failed {@code rollback --verify}, the Task with the most results.
 */
class ResultBudgetTest {

    @Test
    void aMessageIsCutToItsBudgetAsTektonCountsItWithoutSplittingACharacter() {
        String bounded = Results.bounded("😀<".repeat(1_000));

        assertThat(bounded).endsWith("...").startsWith("😀<😀<");
        assertThat(TektonRunner.terminationMessageBytes(Map.of("message", bounded))
                        - TektonRunner.terminationMessageBytes(Map.of("message", "")))
                .isBetween(Results.MESSAGE_LIMIT - 10, Results.MESSAGE_LIMIT);
        assertThat(Character.isHighSurrogate(bounded.charAt(bounded.length() - 4)))
                .isFalse();
    }

    @Test
    void everyResultOfAFailedRollbackWithVerifyAtItsLongestFitsTektonsLimit() {
        String longestId = "s".repeat(SnapshotId.MAX_LENGTH);
        List<OffsetDifference> differences = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            differences.add(new OffsetDifference(
                    "consumer-group-<ünïcødé>-&-\"quoted\"-\u2028-" + i,
                    "topic-with-a-long-name-" + i,
                    i,
                    1_000_000_000_000L + i,
                    Optional.of(2_000_000_000_000L + i),
                    OffsetDifference.OFFSET_DIFFERS));
        }
        ObjectNode decisions = new ObjectMapper().createObjectNode();
        for (Decision decision : Decision.values()) {
            decisions.put(decision.label(), 1_000_000_000);
        }
        Map<String, String> results = new LinkedHashMap<>();
        results.put(Results.SNAPSHOT_ID, longestId);
        results.put(Results.GROUPS, "1000000");
        results.put(Results.TOTAL_PARTITIONS, "1000000000");
        results.put(Results.TIMESTAMP, "2026-12-01T02:23:01.123456789Z");
        results.put(Results.CHANGED_PARTITIONS, "1000000000");
        results.put(Results.DECISIONS, decisions.toString());
        results.put(Results.UNDO_SNAPSHOT_ID, longestId);
        results.put(Results.PRE_ROLLBACK_SNAPSHOT_ID, longestId);
        results.put(Results.MATCHED, "false");
        results.put(Results.DIFFERENCES, JsonOutput.differencesResult(differences, differences.size()));
        results.put(Results.PHASE, Results.FAILED);
        results.put(
                Results.REASON,
                Arrays.stream(Reason.values())
                        .map(Reason::reasonName)
                        .max(Comparator.comparingInt(String::length))
                        .orElseThrow());
        results.put(Results.EXIT_CODE, "3");
        // what costs most per character in the message: Go escapes < > & as six bytes; 😀 is four bytes
        results.put(Results.MESSAGE, Results.bounded("<&>\"é€😀".repeat(2_000)));

        assertThat(TektonRunner.terminationMessageBytes(results))
                .isLessThanOrEqualTo(TektonRunner.TERMINATION_MESSAGE_LIMIT);
    }

    @Test
    void everyResultOfAFailedResetWithVerifyAtItsLongestFitsTektonsLimit() {
        String longestId = "s".repeat(SnapshotId.MAX_LENGTH);
        List<OffsetDifference> differences = new ArrayList<>();
        List<ResetReport.GroupResult> groups = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String group = "consumer-group-<ünïcødé>-&-\"quoted\"-\u2028-" + i;
            differences.add(new OffsetDifference(
                    group,
                    "topic-with-a-long-name-" + i,
                    i,
                    1_000_000_000_000L + i,
                    Optional.of(2_000_000_000_000L + i),
                    OffsetDifference.OFFSET_DIFFERS));
            groups.add(new ResetReport.GroupResult(group, "not-attempted", 1_000_000_000));
        }
        ObjectNode decisions = new ObjectMapper().createObjectNode();
        for (Decision decision : Decision.values()) {
            decisions.put(decision.label(), 1_000_000_000);
        }
        Map<String, String> results = new LinkedHashMap<>();
        results.put(Results.CHANGED_PARTITIONS, "1000000000");
        results.put(Results.DECISIONS, decisions.toString());
        results.put(Results.UNDO_SNAPSHOT_ID, longestId);
        results.put(Results.GROUPS_RESET, "1000000");
        results.put(
                Results.GROUP_RESULTS,
                JsonOutput.boundedList(
                        groups,
                        result -> JsonOutput.compact(json -> {
                            json.writeStartObject();
                            json.writeStringField("group", result.group());
                            json.writeStringField("status", result.status());
                            json.writeNumberField("partitionsReset", result.partitionsReset());
                            json.writeEndObject();
                        }),
                        ResetReport.GROUP_RESULTS_BUDGET));
        results.put(Results.MATCHED, "false");
        results.put(Results.DIFFERENCES, JsonOutput.differencesResult(differences, differences.size()));
        results.put(Results.PHASE, Results.FAILED);
        results.put(
                Results.REASON,
                Arrays.stream(Reason.values())
                        .map(Reason::reasonName)
                        .max(Comparator.comparingInt(String::length))
                        .orElseThrow());
        results.put(Results.EXIT_CODE, "3");
        results.put(Results.MESSAGE, Results.bounded("<&>\"é€😀".repeat(2_000)));

        assertThat(TektonRunner.terminationMessageBytes(results))
                .isLessThanOrEqualTo(TektonRunner.TERMINATION_MESSAGE_LIMIT);
    }
}
