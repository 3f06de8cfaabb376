package sh.oso.korb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.OutOfMemoryException;
import sh.oso.korb.error.UnexpectedFailureException;
import sh.oso.korb.kafka.KafkaAccess;
import sh.oso.korb.kafka.KafkaConfig;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.snapshot.RunId;
import sh.oso.korb.storage.SnapshotStore;

/**
 * Shared behaviour of every korb command: output options, result files that report a failure too,
 * and opening Kafka and the store from the validated options.
 */
abstract class KorbSubcommand implements Callable<Integer> {

    @ParentCommand
    KorbCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Mixin
    StorageOptions storage;

    @Mixin
    RunOptions runOptions;

    @Override
    public final Integer call() throws Exception {
        Results results = new Results(output.resultsDir, output.terminationMessagePath);
        KorbException failure;
        try {
            runOptions.runId(); // checked whether the command uses it or not: a bad value is a mistake in the step
            results.completed(completed(run(results)));
            return ExitCode.SUCCESS.code();
        } catch (KorbException e) {
            failure = e;
        } catch (OutOfMemoryError e) {
            // picocli hands Errors through untouched; this one has a fix the user can act on
            failure = OutOfMemoryException.during("running " + spec.name(), e);
        } catch (Exception | StackOverflowError | LinkageError e) {
            // the Errors a run can end with and still write its results and its one line
            failure = new UnexpectedFailureException(e);
        }
        results.failed(failure);
        throw failure;
    }

    /** Does the command's work; a failure is thrown as a {@link KorbException}, which names its reason. */
    protected abstract Outcome run(Results results) throws Exception;

    /** The outcome as the results record it: a command may add what it told on the way (e.g. groups left alone). */
    Outcome completed(Outcome outcome) {
        return outcome;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Progress goes to stderr so stdout stays the command's answer (and valid JSON with --output json). */
    void progress(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(ControlCharacters.escape(message)); // group and topic names come from the cluster
        err.flush();
    }

    /** The run this command runs in, from --run-id or KORB_RUN_ID. */
    Optional<RunId> runId() {
        return runOptions.runId();
    }

    Services services() {
        return parent.services();
    }

    SnapshotStore openStore() {
        return services().storeFactory().open(storage.toConfig(services().environment()));
    }

    KafkaAccess openKafka(KafkaConfig config) {
        return KafkaAccess.open(services().kafkaClients(), config);
    }

    /** Trims, drops duplicates (keeping order) and refuses an empty list or empty names. */
    static List<String> consumerGroups(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(
                    "--consumer-groups is required (or KORB_CONSUMER_GROUPS): a comma-separated list of group ids");
        }
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        for (String value : values) {
            String group = value.trim();
            if (group.isEmpty()) {
                throw new InvalidInputException("--consumer-groups contains an empty group id: remove the extra comma");
            }
            groups.add(group);
        }
        return new ArrayList<>(groups);
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
