package sh.oso.korb.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where results go when picocli refused the command line before it had read {@code --results-dir} or
 * {@code --termination-message-path}: the option as written on the line (its last occurrence, as picocli would
 * take it), else its variable.
 */
final class ResultsDirectory {

    private ResultsDirectory() {}

    static Optional<Path> of(String[] args, Map<String, String> environment, String option) {
        String found = null;
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                found = args[++i];
            } else if (args[i].startsWith(option + "=")) {
                found = args[i].substring(option.length() + 1);
            }
        }
        if (found == null) {
            found = environment.get(EnvironmentDefaults.variableFor(option));
        }
        return Optional.ofNullable(found)
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .map(Path::of);
    }
}
