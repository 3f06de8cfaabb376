package sh.oso.korb.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that plans its changes first: rollback, reset, delete-offsets. */
final class PlanOptions {

    @Option(
            names = "--dry-run",
            description = "Print the plan (a row per partition: current offset, target, decision, reason) and change"
                    + " nothing.")
    boolean dryRun;

    @Option(
            names = "--plan-out",
            paramLabel = "FILE",
            description = "Write the plan as JSON to FILE before changing anything.")
    Path planOut;
}
