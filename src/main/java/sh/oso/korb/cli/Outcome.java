package sh.oso.korb.cli;

import sh.oso.korb.error.Reason;

/** How a command succeeded: its reason and its one-line message, both written to the result files. */
record Outcome(Reason reason, String message) {

    Outcome {
        if (!reason.success() && !reason.alsoOnSuccess()) {
            throw new IllegalArgumentException(reason + " is not a reason of a successful run");
        }
    }
}
