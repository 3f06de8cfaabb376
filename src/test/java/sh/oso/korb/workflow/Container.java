package sh.oso.korb.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import sh.oso.korb.cli.Korb;
import sh.oso.korb.testing.CliRun;

/**
 * Runs one container (a Tekton step, an Argo container template) the way a pod would: its command with its
 * args and env, with the container's mount paths mapped to real directories. The command {@code korb} is the
 * executor, run in-process exactly as the image's entrypoint runs it; other commands are test doubles the test
 * registers (e.g. the "risky change" of the guarded pipeline).
 */
public final class Container {

    /** Environment variables korb reads that are not option defaults. */
    private static final Set<String> KORB_VARIABLES_BESIDES_OPTIONS =
            Set.of("KORB_SASL_USERNAME", "KORB_SASL_PASSWORD");

    /** What a command did: its exit code and its output, for the runner's report. */
    public record Exit(int code, String output) {}

    /** What becomes of a pod after korb ended in it: {@code run} counts korb's runs in this container from 0. */
    @FunctionalInterface
    public interface Afterwards {
        Exit after(int run, Exit exit);
    }

    private final CliRun korb;
    private final Map<String, Function<Map<String, String>, Exit>> doubles = new LinkedHashMap<>();
    private Afterwards afterwards = (run, exit) -> exit;
    private int korbRuns;

    public Container(CliRun korb) {
        this.korb = korb;
    }

    /**
     * Decides how each pod that ran korb ends, e.g. killed after korb did its work but before the engine read its
     * results: the engine sees that exit instead of korb's.
     */
    public Container afterKorb(Afterwards afterwards) {
        this.afterwards = afterwards;
        return this;
    }

    /** Registers a stand-in for a command other than korb; it gets the step's environment. */
    public Container command(String name, Function<Map<String, String>, Exit> behaviour) {
        doubles.put(name, behaviour);
        return this;
    }

    /**
     * Runs the command. {@code mounts} maps a path inside the container to a real directory: every env value
     * and arg under it is rewritten, as a volume mount makes the directory appear there.
     */
    public Exit run(List<String> command, List<String> args, Map<String, String> env, Map<String, Path> mounts) {
        if (command.isEmpty()) {
            throw new WorkflowException(
                    "a step without a command would run the image's entrypoint; korb's steps name it");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        env.forEach((name, value) -> environment.put(name, mapped(value, mounts)));
        List<String> argv = new ArrayList<>();
        command.subList(1, command.size()).forEach(arg -> argv.add(mapped(arg, mounts)));
        args.forEach(arg -> argv.add(mapped(arg, mounts)));
        String binary = command.get(0);
        if (binary.equals("korb")) {
            Exit exit = runKorb(argv, environment);
            return afterwards.after(korbRuns++, new Exit(exit.code(), unmapped(exit.output(), mounts)));
        }
        Function<Map<String, String>, Exit> stand_in = doubles.get(binary);
        if (stand_in == null) {
            throw new WorkflowException("no command '" + binary + "' in the container: register a test double");
        }
        return stand_in.apply(environment);
    }

    private Exit runKorb(List<String> argv, Map<String, String> environment) {
        requireKnownVariables(argv, environment);
        CliRun run = korb.copy();
        environment.forEach(run::env);
        CliRun.Result result = run.run(argv.toArray(String[]::new));
        return new Exit(result.exitCode(), result.toString());
    }

    /** A KORB_ variable that is no option of the subcommand would be silently ignored: a typo in the YAML. */
    private static void requireKnownVariables(List<String> argv, Map<String, String> environment) {
        if (argv.isEmpty()) {
            throw new WorkflowException("korb needs a subcommand");
        }
        CommandLine subcommand =
                Korb.commandLine(Map.of(), null, null, null).getSubcommands().get(argv.get(0));
        if (subcommand == null) {
            throw new WorkflowException("korb has no subcommand '" + argv.get(0) + "'");
        }
        Set<String> accepted = new HashSet<>(KORB_VARIABLES_BESIDES_OPTIONS);
        for (OptionSpec option : subcommand.getCommandSpec().options()) {
            accepted.add("KORB_"
                    + option.longestName()
                            .replaceFirst("^-+", "")
                            .replace('-', '_')
                            .toUpperCase());
        }
        for (String name : environment.keySet()) {
            if (name.startsWith("KORB_") && !accepted.contains(name)) {
                throw new WorkflowException("korb " + argv.get(0) + " has no option for the variable " + name);
            }
        }
    }

    /** What the step printed, with the real directories shown at their paths inside the container. */
    private static String unmapped(String output, Map<String, Path> mounts) {
        String result = output;
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            result = result.replace(mount.getValue().toString(), mount.getKey());
        }
        return result;
    }

    private static String mapped(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String inside = mount.getKey();
            if (value.equals(inside) || value.startsWith(inside + "/")) {
                return mount.getValue() + value.substring(inside.length());
            }
        }
        return value;
    }
}
