package sh.oso.korb.cli;

import java.util.stream.Collectors;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import sh.oso.korb.error.ExitCode;
import sh.oso.korb.error.Reason;

/**
 * The exit codes and reasons at the foot of every {@code --help}, generated from {@link ExitCode} and
 * {@link Reason} so that the help cannot disagree with what a run exits with.
 */
final class ExitCodesHelp {

    private ExitCodesHelp() {}

    /** The footer text (a picocli format string) for a usage message {@code width} columns wide. */
    static String text(int width) {
        Help.TextTable table = Help.TextTable.forColumns(
                Help.defaultColorScheme(Help.Ansi.OFF),
                new Column(5, 2, Overflow.SPAN),
                new Column(width - 5, 0, Overflow.WRAP));
        for (ExitCode code : ExitCode.values()) {
            table.addRowValues(
                    String.valueOf(code.code()),
                    code.meaning() + " ["
                            + Reason.endingWith(code).stream()
                                    .filter(reason -> !reason.controllerOnly())
                                    .map(Reason::reasonName)
                                    .collect(Collectors.joining(", "))
                            + "]");
        }
        return "Exit codes: (in brackets, the reasons written to the 'reason' result)%n"
                + table.toString().replace("%", "%%").stripTrailing().replace("\n", "%n");
    }
}
