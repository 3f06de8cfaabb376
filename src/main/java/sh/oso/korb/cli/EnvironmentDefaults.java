package sh.oso.korb.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads every option's default from {@code KORB_<OPTION_IN_UPPER_SNAKE>}, because Tekton and Argo pass
 * params to a step through its environment. A flag on the command line still wins.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String PREFIX = "KORB_";

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    static String variableFor(String longOptionName) {
        return PREFIX + longOptionName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
            String value = environment.get(variableFor(option.longestName()));
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
