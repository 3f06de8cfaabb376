package sh.oso.korb.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String substitution as the engines do it: Tekton's {@code $(name)} and Argo's {@code {{name}}}. A variable
 * the resolver does not know is an error, as an unresolved reference is for the engines' validation.
 */
public final class Substitution {

    public static final Substitution TEKTON = new Substitution(Pattern.compile("\\$\\(([^()]+)\\)"));
    public static final Substitution ARGO = new Substitution(Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}"));

    private final Pattern variable;

    private Substitution(Pattern variable) {
        this.variable = variable;
    }

    /** Replaces every variable in {@code text}; the resolver answers empty for an unknown one. */
    public String apply(String text, Function<String, Optional<String>> resolver) {
        Matcher matcher = variable.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String value = resolver.apply(name)
                    .orElseThrow(
                            () -> new WorkflowException("unresolvable variable '" + name + "' in \"" + text + "\""));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The variable names {@code text} refers to. */
    public List<String> references(String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = variable.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1).trim());
        }
        return names;
    }

    /** The name when {@code text} is exactly one variable, as Tekton requires for array expansion. */
    public Optional<String> whole(String text) {
        Matcher matcher = variable.matcher(text);
        return matcher.matches() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
    }
}
