package sh.oso.korb.controller;

import java.util.Optional;
import sh.oso.korb.engine.RunOutcome;
import sh.oso.korb.error.Reason;

/**
 * The executor's {@code reason} result as the Ready condition's reason. Only a name in korb's table of reasons
 * ({@link Reason}) is taken, and only when it agrees with how the run ended (a success reason on a failed run,
 * e.g. one killed after it wrote its results, is not); anything else counts as no reason at all.
 */
final class RunReasons {

    private RunReasons() {}

    /** The run's own reason, when it wrote a known one that fits its outcome. */
    static Optional<String> reported(RunOutcome outcome) {
        boolean succeeded = outcome.state() == RunOutcome.State.SUCCEEDED;
        return Optional.ofNullable(outcome.result("reason"))
                .flatMap(Reason::named)
                .filter(reason -> succeeded ? reason.success() || reason.alsoOnSuccess() : !reason.success())
                .map(Reason::reasonName);
    }
}
