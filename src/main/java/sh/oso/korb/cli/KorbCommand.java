package sh.oso.korb.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** The top-level {@code korb} command. */
@Command(
        name = "korb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Snapshot, roll back and verify Kafka consumer-group offsets.")
final class KorbCommand implements Runnable {

    /** In the order the help lists them; added by {@link Korb#commandLine}, which may add only the one invoked. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            SnapshotCommand.class,
            RollbackCommand.class,
            VerifyCommand.class,
            DeleteOffsetsCommand.class,
            ResetCommand.class,
            DeleteCommand.class,
            ListCommand.class,
            ShowCommand.class,
            ControllerCommand.class,
            RenderCommand.class);

    static final String ENVIRONMENT_NOTE = "Every option can also be set with an environment variable"
            + " KORB_<OPTION_IN_UPPER_SNAKE>, e.g. KORB_BOOTSTRAP_SERVERS; a flag wins over the variable.";

    private final Services services;

    KorbCommand(Services services) {
        this.services = services;
    }

    Services services() {
        return services;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this),
                "a command is required: snapshot, rollback, verify, delete-offsets, delete, list, show, controller or"
                        + " render");
    }
}
