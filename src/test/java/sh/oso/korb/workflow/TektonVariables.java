package sh.oso.korb.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tekton's {@code pkg/substitution} checks of {@code $(prefix.name)} references in one string, with its messages:
 * unknown variables, variables of a prohibited type, array references not isolated in their string.
 */
final class TektonVariables {

    private static final String NAME = "[_a-zA-Z][_a-zA-Z0-9.-]*(?:\\[\\*])?";
    private static final Pattern ARRAY_INDEX = Pattern.compile("\\[([0-9])*\\*?]");

    private TektonVariables() {}

    private static Pattern braces(String prefix) {
        return Pattern.compile("\\$\\(" + prefix + "(?:\\.(?<var1>" + NAME + ")|\\[\"(?<var2>" + NAME
                + ")\"]|\\['(?<var3>" + NAME + ")'])\\)");
    }

    private record Extracted(List<String> names, String error) {}

    /** {@code ExtractVariablesFromString}: the param names (first dot part) a string references. */
    private static Optional<Extracted> extract(String value, String prefix) {
        Matcher matcher = braces(prefix).matcher(value);
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            String dotted = matcher.group("var1");
            if (dotted != null && dotted.contains(".")) {
                if (dotted.split("\\.", -1).length > 2) {
                    return Optional.of(new Extracted(
                            names,
                            "Invalid referencing of parameters in \"" + value
                                    + "\"! Only two dot-separated components after the prefix \"" + prefix
                                    + "\" are allowed."));
                }
                names.add(dotted.split("\\.", 2)[0]);
            } else {
                names.add(
                        dotted != null
                                ? dotted
                                : matcher.group("var2") != null ? matcher.group("var2") : matcher.group("var3"));
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(new Extracted(names, ""));
    }

    /** The first error {@code perName} finds among the referenced names (or the reference's own error). */
    private static FieldError firstError(String value, String prefix, Function<String, FieldError> perName) {
        Optional<Extracted> extracted = extract(value, prefix);
        if (extracted.isEmpty()) {
            return FieldError.NONE;
        }
        if (!extracted.get().error().isEmpty()) {
            return FieldError.generic(extracted.get().error(), "");
        }
        for (String name : extracted.get().names()) {
            FieldError error = perName.apply(name);
            if (!error.isEmpty()) {
                return error;
            }
        }
        return FieldError.NONE;
    }

    /** {@code ValidateNoReferencesToUnknownVariables}. */
    static FieldError noUnknown(String value, String prefix, Set<String> known) {
        return firstError(
                value,
                prefix,
                name -> known.contains(ARRAY_INDEX.matcher(name).replaceAll(""))
                        ? FieldError.NONE
                        : FieldError.generic("non-existent variable in " + FieldError.quote(value), ""));
    }

    /** {@code ValidateNoReferencesToProhibitedVariables}. */
    static FieldError prohibited(String value, String prefix, Set<String> prohibited) {
        return firstError(
                value,
                prefix,
                name -> prohibited.contains(name.replaceFirst("\\[\\*]$", ""))
                        ? FieldError.generic("variable type invalid in " + FieldError.quote(value), "")
                        : FieldError.NONE);
    }

    /** {@code ValidateNoReferencesToEntireProhibitedVariables}: a whole object param where only its keys may go. */
    static FieldError entireProhibited(String value, String prefix, Set<String> prohibited) {
        Matcher matcher = braces(prefix).matcher(value);
        while (matcher.find()) {
            String name = Optional.ofNullable(matcher.group("var1"))
                    .or(() -> Optional.ofNullable(matcher.group("var2")))
                    .orElse(matcher.group("var3"));
            if (prohibited.contains(name.replaceFirst("\\[\\*]$", ""))) {
                return FieldError.generic("variable type invalid in " + FieldError.quote(value), "");
            }
        }
        return FieldError.NONE;
    }

    /** {@code ValidateVariableReferenceIsIsolated}: an array reference must be the whole string. */
    static FieldError isolated(String value, String prefix, Set<String> arrays) {
        Matcher first = braces(prefix).matcher(value);
        String firstMatch = first.find() ? first.group() : "";
        return firstError(
                value,
                prefix,
                name -> arrays.contains(name.replaceFirst("\\[\\*]$", "")) && value.length() != firstMatch.length()
                        ? FieldError.generic("variable is not properly isolated in " + FieldError.quote(value), "")
                        : FieldError.NONE);
    }

    /** {@code ValidateWholeArrayOrObjectRefInStringVariable}: true when the string is exactly one whole ref. */
    static boolean isWholeReference(String value, String prefix) {
        String whole = "[_a-zA-Z0-9.-]+\\[\\*]";
        return Pattern.compile(
                        "^\\$\\(" + prefix + "(?:\\.(" + whole + ")|\\[\"(" + whole + ")\"]|\\['(" + whole + ")'])\\)$")
                .matcher(value)
                .matches();
    }

    private static final Pattern EXPRESSION =
            Pattern.compile("\\$\\([_a-zA-Z0-9.-]+(\\.[_a-zA-Z0-9.-]+)*(\\[([0-9]+|\\*)])?\\)");

    /** {@code GetVarSubstitutionExpressions} of one string: what is between {@code $(} and {@code )}. */
    static List<String> expressions(String value) {
        List<String> found = new ArrayList<>();
        Matcher matcher = EXPRESSION.matcher(value);
        while (matcher.find()) {
            found.add(strip(matcher.group()));
        }
        return found;
    }

    static String strip(String expression) {
        String inner = expression.startsWith("$(") ? expression.substring(2) : expression;
        return inner.endsWith(")") ? inner.substring(0, inner.length() - 1) : inner;
    }
}
