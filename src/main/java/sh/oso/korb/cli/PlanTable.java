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
        Shown shown = new Shown(needsAttention);
        rows.forEach(row -> shown.add(row, action.apply(row)));
        shown.print(out);
    }

    /**
     * The rows a table shows of partitions that come batch by batch: it keeps at most {@value #ROW_LIMIT} of those
     * that need attention and as many others, with what the decision column says of each, and counts the rest.
     */
    static final class Shown {
        private record Row(PartitionDecision decision, String action) {}

        private final Predicate<PartitionDecision> needsAttention;
        private final List<Row> attention = new ArrayList<>();
        private final List<Row> others = new ArrayList<>();
        private long total;

        Shown(Predicate<PartitionDecision> needsAttention) {
            this.needsAttention = needsAttention;
        }

        void add(PartitionDecision row, String action) {
            total++;
            List<Row> kept = needsAttention.test(row) ? attention : others;
            if (kept.size() < ROW_LIMIT) {
                kept.add(new Row(row, action));
            }
        }

        void print(PrintWriter out) {
            if (total == 0) {
                return;
            }
            List<Row> shown = new ArrayList<>(attention);
            others.stream().limit(ROW_LIMIT - shown.size()).forEach(shown::add);
            TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT", "TARGET", "DECISION", "REASON");
            for (Row row : shown) {
                PartitionDecision decision = row.decision();
                table.row(
                        decision.group(),
                        decision.partition().topic(),
                        decision.partition().partition(),
                        decision.currentOffset().map(String::valueOf).orElse("-"),
                        decision.target().map(String::valueOf).orElse("-"),
                        row.action(),
                        decision.reason());
            }
            table.print(out);
            if (shown.size() < total) {
                out.println("... and " + (total - shown.size())
                        + " more partitions: --output json or --plan-out FILE lists them all");
            }
        }
    }
}
