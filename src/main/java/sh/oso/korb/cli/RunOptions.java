package sh.oso.korb.cli;

import java.util.Optional;
import picocli.CommandLine.Option;
import sh.oso.korb.snapshot.RunId;

/**
 * The identity of the workflow step korb runs in. Snapshot and rollback use it to make a retry safe; every command
 * accepts it, so one step environment (e.g. {@code KORB_RUN_ID} set for every step of a template) fits them all.
 */
final class RunOptions {

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = {
                "The identity of this workflow step, the same in each of its retries (Tekton:"
                        + " $(context.taskRun.uid); Argo: the workflow's uid and the step's name). A retried snapshot"
                        + " reports the snapshot an earlier attempt of the run saved; a retried rollback keeps the"
                        + " undo snapshot of its first attempt. Any text: one longer than " + RunId.MAX_LENGTH
                        + " characters or with whitespace or other than printable ASCII is recorded and shown as"
                        + " its SHA-256 digest (sha256:...). Other commands ignore it (env KORB_RUN_ID)."
            })
    String runId;

    /** The normalised run id; none when the option and its variable are absent or blank. */
    Optional<RunId> runId() {
        return RunId.parse(runId);
    }
}
