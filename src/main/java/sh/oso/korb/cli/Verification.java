package sh.oso.korb.cli;

import sh.oso.korb.operation.VerifyOutcome;
import sh.oso.korb.snapshot.SnapshotId;

/** How a verification is reported, the same after {@code verify} and after {@code rollback --verify}. */
final class Verification {

    private Verification() {}

    static String message(VerifyOutcome result, SnapshotId id) {
        return result.matched()
                ? "Verified: all " + KorbSubcommand.plural(result.partitionsChecked(), "partition") + " of "
                        + KorbSubcommand.plural(result.snapshot().groups(), "group") + " match snapshot " + id
                        + "."
                : KorbSubcommand.plural(result.differenceCount(), "difference") + " from snapshot " + id + " in "
                        + KorbSubcommand.plural(result.partitionsChecked(), "partition") + " checked.";
    }

    static void record(Results results, VerifyOutcome result) {
        results.put(Results.MATCHED, result.matched())
                .put(Results.DIFFERENCES, JsonOutput.differencesResult(result.differences(), result.differenceCount()));
    }
}
