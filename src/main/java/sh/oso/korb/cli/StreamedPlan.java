package sh.oso.korb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.StorageException;
import sh.oso.korb.kafka.CommitOutcome;
import sh.oso.korb.operation.PartitionDecision;
import sh.oso.korb.operation.RollbackOperation;
import sh.oso.korb.operation.RollbackPlan;

/**
 * How a command that plans and commits in batches (rollback, reset) reports them as they come, never holding them:
 * while planning, every partition goes to --plan-out and, in a dry run, to the output (JSON) or the table's bounded
 * rows; while committing, every partition goes to a new --plan-out file that replaces the plan's once the run ends
 * (a refused run leaves the plan's in place), and the partitions a real run reports go to the output (JSON, opened
 * with the first batch so that a refusal prints nothing) or the table's bounded rows.
 */
final class StreamedPlan {

    /** What differs between the commands' reports. */
    interface Shape {
        PlanDocument.Fields header(boolean dryRun);

        PlanDocument.RowWriter rowWriter();

        /** Rows a table shows first. */
        boolean needsAttention(PartitionDecision row);

        /** Rows a real run reports (JSON and table); --plan-out lists them all. */
        boolean reported(PartitionDecision row);

        /** What the table's decision column says of a row once its group's commit ended ({@code commits}). */
        String action(PartitionDecision row, Optional<CommitOutcome> commits);
    }

    private final PlanOptions planning;
    private final boolean json;
    private final PrintWriter out;
    private final Consumer<String> warnings;
    private final Shape shape;
    private final PlanTable.Shown planned;
    private final PlanTable.Shown committed;
    private PlanDocument file;
    private PlanDocument printed;
    private boolean sawBatches;

    StreamedPlan(PlanOptions planning, boolean json, PrintWriter out, Consumer<String> warnings, Shape shape) {
        this.planning = planning;
        this.json = json;
        this.out = out;
        this.warnings = warnings;
        this.shape = shape;
        this.planned = new PlanTable.Shown(shape::needsAttention);
        this.committed = new PlanTable.Shown(shape::needsAttention);
    }

    /**
     * Plans with {@code planner}, which hands it each batch, and writes the documents' totals ({@code totals} of the
     * result); a plan-out file whose planning failed is removed rather than left cut short.
     */
    <T> T plan(Function<RollbackOperation.PlanListener, T> planner, Function<T, PlanDocument.Fields> totals) {
        PlanDocument toFile = null;
        PlanDocument toOutput = null;
        try {
            toFile = planning.planOut == null
                    ? null
                    : PlanDocument.toFile(planning.planOut, shape.header(planning.dryRun), shape.rowWriter());
            toOutput =
                    planning.dryRun && json ? PlanDocument.toOutput(out, shape.header(true), shape.rowWriter()) : null;
            PlanDocument fileRows = toFile;
            PlanDocument outputRows = toOutput;
            T result = planner.apply(batch -> {
                if (fileRows != null) {
                    fileRows.rows(batch.partitions());
                }
                if (outputRows != null) {
                    outputRows.rows(batch.partitions());
                } else if (planning.dryRun) {
                    batch.partitions().forEach(row -> planned.add(row, row.action()));
                }
            });
            if (toFile != null) {
                toFile.finish(totals.apply(result));
                toFile.close();
                if (toFile.failure().isPresent()) {
                    throw toFile.failure().get();
                }
            }
            if (toOutput != null) {
                toOutput.finish(totals.apply(result));
                toOutput.close();
                out.flush();
            }
            return result;
        } catch (KorbException e) {
            if (toFile != null) {
                toFile.close();
                deleteQuietly(planning.planOut);
            }
            throw e;
        }
    }

    /** A dry run's table, unless the output is JSON (which the plan printed). */
    void printPlanned() {
        if (!json) {
            planned.print(out);
        }
    }

    /** A batch and how its commits ended; {@code commits} empty: nothing was committed. */
    void committed(RollbackPlan batch, Optional<CommitOutcome> commits) {
        if (!sawBatches) {
            sawBatches = true;
            if (planning.planOut != null) {
                try {
                    file = PlanDocument.toFile(partial(), shape.header(false), shape.rowWriter());
                } catch (StorageException e) {
                    warnings.accept(e.getMessage()); // what changed is told whatever happens to this
                }
            }
            printed = json ? PlanDocument.toOutput(out, shape.header(false), shape.rowWriter()) : null;
        }
        if (file != null) {
            file.rows(batch.partitions());
        }
        List<PartitionDecision> rows =
                batch.partitions().stream().filter(shape::reported).toList();
        if (printed != null) {
            printed.rows(rows);
        } else {
            rows.forEach(row -> committed.add(row, shape.action(row, commits)));
        }
    }

    /** Whether a batch was reported: when nothing was committed, none was. */
    boolean sawBatches() {
        return sawBatches;
    }

    /** Ends the documents with {@code totals} (the plan-out file then replaces the plan's), or prints the table. */
    void finish(PlanDocument.Fields totals) {
        if (file != null) {
            file.finish(totals);
            file.close();
            if (file.failure().isPresent()) {
                warnings.accept(file.failure().get().getMessage());
                deleteQuietly(partial());
            } else {
                try {
                    Files.move(partial(), planning.planOut, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    warnings.accept("could not write the plan to " + planning.planOut + ": " + e);
                }
            }
        }
        if (printed == null && json) {
            printed = PlanDocument.toOutput(out, shape.header(false), shape.rowWriter());
        }
        if (printed != null) {
            printed.finish(totals);
            printed.close();
            out.flush();
        } else {
            committed.print(out);
        }
    }

    /** A run refused or failed before it ended: the new plan-out file is removed, the plan's stays. */
    void abandon() {
        if (file != null) {
            file.close();
            deleteQuietly(partial());
        }
        if (printed != null) {
            printed.close();
        }
    }

    private Path partial() {
        return planning.planOut.resolveSibling(planning.planOut.getFileName() + ".partial");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an unwritable plan file was reported already; a leftover is harmless
        }
    }
}
