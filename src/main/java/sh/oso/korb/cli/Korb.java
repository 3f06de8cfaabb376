package sh.oso.korb.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sh.oso.korb.error.InvalidInputException;
import sh.oso.korb.error.KorbException;
import sh.oso.korb.error.Reason;
import sh.oso.korb.error.UnexpectedFailureException;
import sh.oso.korb.kafka.DefaultKafkaClientFactory;
import sh.oso.korb.kafka.KafkaClientFactory;
import sh.oso.korb.snapshot.ControlCharacters;
import sh.oso.korb.storage.DefaultSnapshotStoreFactory;
import sh.oso.korb.storage.SnapshotStoreFactory;

/** Entry point of the korb executor. */
public final class Korb {

    private Korb() {}

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        Logging.configure(Logging.verboseRequested(args, environment));
        int exitCode = commandLine(
                        args,
                        environment,
                        new DefaultKafkaClientFactory(),
                        new DefaultSnapshotStoreFactory(),
                        Clock.systemUTC())
                .execute(args);
        System.exit(exitCode);
    }

    /** The configured command line with every subcommand; tests inspect it. */
    public static CommandLine commandLine(
            Map<String, String> environment,
            KafkaClientFactory kafkaClients,
            SnapshotStoreFactory storeFactory,
            Clock clock) {
        return commandLine(new String[0], environment, kafkaClients, storeFactory, clock);
    }

    /**
     * The configured command line to execute {@code args} with: when they start with a subcommand, only that
     * subcommand's model is built. Picocli builds a model by reflection, interpreted in a cold JVM, and all seven
     * cost about 0.1 s of every run. Tests run it in-process with their own factories and environment.
     */
    public static CommandLine commandLine(
            String[] args,
            Map<String, String> environment,
            KafkaClientFactory kafkaClients,
            SnapshotStoreFactory storeFactory,
            Clock clock) {
        CommandLine commandLine = new CommandLine(
                new KorbCommand(new Services(kafkaClients, storeFactory, clock, Map.copyOf(environment))));
        String invoked = args.length > 0 ? args[0] : "";
        boolean onlyInvoked =
                KorbCommand.SUBCOMMANDS.stream().anyMatch(type -> name(type).equals(invoked));
        for (Class<?> type : KorbCommand.SUBCOMMANDS) {
            if (!onlyInvoked || name(type).equals(invoked)) {
                commandLine.addSubcommand(name(type), type);
            }
        }
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, arguments) -> invalidParameters(e, arguments, environment));
        commandLine.setExecutionExceptionHandler(Korb::failure);
        String[] footer = {KorbCommand.ENVIRONMENT_NOTE, "", ExitCodesHelp.text(commandLine.getUsageHelpWidth())};
        commandLine.getCommandSpec().usageMessage().footerHeading("%n").footer(footer);
        commandLine
                .getSubcommands()
                .values()
                .forEach(sub ->
                        sub.getCommandSpec().usageMessage().footerHeading("%n").footer(footer));
        return commandLine;
    }

    private static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    private static int invalidParameters(
            CommandLine.ParameterException e, String[] args, Map<String, String> environment) {
        InvalidInputException failure = new InvalidInputException(e.getMessage(), e);
        if (e.getCommandLine().getCommand() instanceof KorbSubcommand) {
            // picocli stopped parsing at the bad argument: --results-dir (--termination-message-path) may come later
            // on the line, and its variable may not have been applied yet, so both are looked up here
            Results.of(args, environment).failed(failure);
        }
        PrintWriter err = e.getCommandLine().getErr();
        err.println("error: " + ControlCharacters.escape(failure.getMessage()));
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return failure.exitCode().code();
    }

    private static int failure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        KorbException failure = e instanceof KorbException known ? known : new UnexpectedFailureException(e);
        PrintWriter err = commandLine.getErr();
        err.println("error: " + ControlCharacters.escape(failure.getMessage()));
        err.flush();
        if (failure.reason() == Reason.UNEXPECTED_FAILURE) {
            LoggerFactory.getLogger(Korb.class).debug("unexpected failure", failure.getCause());
        }
        return failure.exitCode().code();
    }
}
