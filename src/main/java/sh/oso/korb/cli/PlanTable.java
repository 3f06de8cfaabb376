package sh.oso.korb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import sh.oso.korb.operation.PartitionDecision;

/** The text table of a rollback's or reset's plan: one row per partition, with its target and decision. */
final class PlanTable {

    /** Rows the text table shows at most; JSON and --plan-out list every partition. */
    static final int ROW_LIMIT = 200;

    private PlanTable() {}

    /**
     * A table of tens of thousands of rows helps nobody and costs seconds: the rows that need attention first, then
     * as many others as fit; {@code action}: what the decision column says of a row.
     */
    static void print(
            PrintWriter out,
            List<PartitionDecision> rows,
            Predicate<PartitionDecision> needsAttention,
            Function<PartitionDecision, String> action) {
        if (rows.isEmpty()) {
            return;
        }
        List<PartitionDecision> shown = new ArrayList<>(
                rows.stream().filter(needsAttention).limit(ROW_LIMIT).toList());
        rows.stream()
                .filter(needsAttention.negate())
                .limit(ROW_LIMIT - shown.size())
                .forEach(shown::add);
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT", "TARGET", "DECISION", "REASON");
        for (PartitionDecision row : shown) {
            table.row(
                    row.group(),
                    row.partition().topic(),
                    row.partition().partition(),
                    row.currentOffset().map(String::valueOf).orElse("-"),
                    row.target().map(String::valueOf).orElse("-"),
                    action.apply(row),
                    row.reason());
        }
        table.print(out);
        if (shown.size() < rows.size()) {
            out.println("... and " + (rows.size() - shown.size())
                    + " more partitions: --output json or --plan-out FILE lists them all");
        }
    }
}
