package sh.oso.korb.cli;

import java.util.Arrays;
import java.util.Map;

/**
 * Configures slf4j-simple before the first logger exists. The Kafka client's INFO output (config dumps,
 * metrics, connection chatter) stays quiet unless --verbose: korb prints its own progress to stderr.
 */
final class Logging {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {}

    static boolean verboseRequested(String[] args, Map<String, String> environment) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--verbose") || arg.equals("-v"))
                || "true".equalsIgnoreCase(environment.getOrDefault(EnvironmentDefaults.variableFor("verbose"), ""));
    }

    static void configure(boolean verbose) {
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showDateTime", "true");
        setIfAbsent("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        setIfAbsent("defaultLogLevel", verbose ? "info" : "warn");
        setIfAbsent("log.org.apache.kafka", verbose ? "info" : "error");
        setIfAbsent("log.sh.oso.korb", verbose ? "debug" : "info");
        // Storage clients log every failed attempt at ERROR; korb reports the outcome in one line itself.
        setIfAbsent("log.com.azure", verbose ? "info" : "off");
        setIfAbsent("log.io.fabric8", verbose ? "info" : "error");
        setIfAbsent("log.software.amazon", verbose ? "info" : "error");
        setIfAbsent("log.com.google", verbose ? "info" : "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
