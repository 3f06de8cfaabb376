package sh.oso.korb.cli;

import picocli.CommandLine.Option;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.operation.GroupBatches;

/** How many offsets a run over many groups plans, commits and compares at once. */
final class BatchOptions {

    @Option(
            names = "--batch-offsets",
            paramLabel = "N",
            defaultValue = "" + GroupBatches.DEFAULT_OFFSETS,
            description = {
                "Work through the groups in batches of about N partition offsets (a group is never split): memory"
                        + " holds one batch, not all of them (default: ${DEFAULT-VALUE}, about 25 MB; env"
                        + " KORB_BATCH_OFFSETS)."
            })
    int offsets;

    GroupBatches batches() {
        if (offsets < 1) {
            throw new InvalidInputException("--batch-offsets must be at least 1, not " + offsets);
        }
        return new GroupBatches(offsets);
    }
}
