package sh.oso.korb.controller;

import java.time.Instant;
import sh.oso.korb.api.Phase;
import sh.oso.korb.api.RunStatus;
import sh.oso.korb.engine.RunOutcome;

/**
 * What {@link StatusProjection} and {@link ResetStatusProjection} write alike from a run's outcome: its times, a
 * pending or running run's phase and Ready, and a finished run's phase and default message. What a finished run
 * reports (results, reasons) is each kind's own.
 */
final class RunProgress {

    private RunProgress() {}

    /**
     * The start time, and for a pending or running run its phase and Ready (false, saying describedRun waits, or
     * describedRun followed by running). False for a finished run, whose kind writes the rest ({@link #finished}).
     */
    static boolean inProgress(
            RunOnceResource<?> resource, RunOutcome outcome, String describedRun, String running, Instant now) {
        RunStatus status = resource.status();
        status.setStartTime(outcome.startTime() == null ? status.getStartTime() : outcome.startTime());
        switch (outcome.state()) {
            case PENDING -> {
                status.setPhase(Phase.Pending);
                resource.ready(
                        false,
                        ControllerReason.PIPELINE_RUN_PENDING.reasonName(),
                        describedRun + " is waiting to start",
                        now);
                return true;
            }
            case RUNNING -> {
                status.setPhase(Phase.Running);
                resource.ready(
                        false, ControllerReason.PIPELINE_RUN_RUNNING.reasonName(), describedRun + " " + running, now);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A finished run's completion time (the run's, else now) and phase, Completed or Failed; whether it
     * succeeded.
     */
    static boolean finished(RunOnceResource<?> resource, RunOutcome outcome, Instant now) {
        RunStatus status = resource.status();
        status.setCompletionTime(outcome.completionTime() == null ? now.toString() : outcome.completionTime());
        boolean succeeded = outcome.state() == RunOutcome.State.SUCCEEDED;
        status.setPhase(succeeded ? Phase.Completed : Phase.Failed);
        return succeeded;
    }

    /** The run's own message, else the kind's (done: "rollback completed", "reset failed"). */
    static String message(RunOutcome outcome, String done) {
        return outcome.message() == null || outcome.message().isBlank() ? done : outcome.message();
    }
}
