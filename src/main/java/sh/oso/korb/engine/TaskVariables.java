package sh.oso.korb.engine;

import io.fabric8.tekton.v1.ParamValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tekton's substitution of a step's variables, for the Job engine, which runs the step without Tekton:
 * {@code $(params.x)} by the run's value or the Task's default, an argument {@code $(params.x[*])} by the array's
 * items as separate arguments, {@code $(workspaces.w.path)} by the mount path of a bound workspace and by "" for an
 * unbound optional one. Any other variable is refused: a Task changed in a way this engine does not follow.
 */
final class TaskVariables {

    /** The run identity Tekton gives every retry of a TaskRun; the Job engine gives the Job's uid instead. */
    static final String RUN_IDENTITY = "$(context.taskRun.uid)";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([^)]*)\\)");
    private static final Pattern ARRAY_ARGUMENT = Pattern.compile("\\$\\(params\\.([A-Za-z0-9_.-]+)\\[\\*\\]\\)");
    private static final Pattern WORKSPACE_PATH = Pattern.compile("workspaces\\.([A-Za-z0-9_-]+)\\.path");

    private final Map<String, ParamValue> params;
    private final Map<String, String> workspacePaths;

    /**
     * @param params         every param's value: the run's, else the Task's default
     * @param workspacePaths the mount path of each bound workspace
     */
    TaskVariables(Map<String, ParamValue> params, Map<String, String> workspacePaths) {
        this.params = Map.copyOf(params);
        this.workspacePaths = Map.copyOf(workspacePaths);
    }

    List<String> arguments(List<String> arguments) {
        List<String> substituted = new ArrayList<>();
        for (String argument : arguments) {
            Matcher array = ARRAY_ARGUMENT.matcher(argument);
            if (array.matches()) {
                ParamValue value = param(array.group(1));
                if (value.getArrayVal() == null) {
                    throw new IllegalStateException(argument + ": param " + array.group(1) + " is not an array");
                }
                substituted.addAll(value.getArrayVal());
            } else {
                substituted.add(string(argument));
            }
        }
        return substituted;
    }

    String string(String text) {
        if (text == null) {
            return null;
        }
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder substituted = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(substituted, Matcher.quoteReplacement(value(variable.group(1))));
        }
        variable.appendTail(substituted);
        return substituted.toString();
    }

    private String value(String name) {
        if (name.startsWith("params.")) {
            ParamValue value = param(name.substring("params.".length()));
            if (value.getStringVal() == null) {
                throw new IllegalStateException("$(" + name + ") is an array where a string is substituted");
            }
            return value.getStringVal();
        }
        Matcher workspace = WORKSPACE_PATH.matcher(name);
        if (workspace.matches()) {
            return workspacePaths.getOrDefault(workspace.group(1), "");
        }
        throw new IllegalStateException("$(" + name + ") is a Tekton variable the Job engine does not substitute");
    }

    private ParamValue param(String name) {
        ParamValue value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("param " + name + " has no value and the Task gives it no default");
        }
        return value;
    }
}
