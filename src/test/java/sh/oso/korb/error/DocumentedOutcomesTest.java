package sh.oso.korb.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ExitCode} and {@link Reason} are the one table of outcomes: the README's tables must say the same, and
 * every failure reason is one exception type.
 */
class DocumentedOutcomesTest {

    private static final Path README = Path.of("README.md");

    @Test
    void theReadmesExitCodeTableIsTheExitCodeEnum() throws IOException {
        List<String> expected = Arrays.stream(ExitCode.values())
                .map(code -> "| " + code.code() + " | " + code.meaning() + " |")
                .toList();

        assertThat(tableRows("### Exit codes")).containsExactlyElementsOf(expected);
    }

    @Test
    void theReadmesReasonsTableIsTheReasonEnumWithItsExceptions() throws Exception {
        Map<Reason, String> exceptions = exceptionTypesByReason();
        List<String> expected = Arrays.stream(Reason.values())
                .map(reason -> "| `" + reason.reasonName() + "` | " + exitCodes(reason) + " | "
                        + (exceptions.containsKey(reason) ? "`" + exceptions.get(reason) + "`" : "") + " | "
                        + reason.meaning() + " |")
                .toList();

        assertThat(tableRows("### Reasons")).containsExactlyElementsOf(expected);
    }

    @Test
    void everyFailureReasonIsThrownByExactlyOneExceptionTypeAndNoSuccessIs() throws Exception {
        Map<Reason, String> exceptions = exceptionTypesByReason();

        assertThat(exceptions.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Reason.values())
                        .filter(reason -> !reason.success())
                        .toList());
    }

    @Test
    void reasonNamesAreUniqueAndFoundByName() {
        for (Reason reason : Reason.values()) {
            assertThat(Reason.named(reason.reasonName())).contains(reason);
        }
        assertThat(Reason.named("PipelineRunFailed")).isEmpty();
    }

    private static String exitCodes(Reason reason) {
        return reason.alsoOnSuccess()
                ? ExitCode.SUCCESS.code() + " or " + reason.exitCode().code()
                : String.valueOf(reason.exitCode().code());
    }

    /** Each KorbException type of this package, instantiated, by the reason it carries; fails on a second one. */
    private static Map<Reason, String> exceptionTypesByReason() throws Exception {
        Map<Reason, String> byReason = new LinkedHashMap<>();
        for (Class<? extends KorbException> type : exceptionTypes()) {
            Reason reason = instance(type).reason();
            String earlier = byReason.put(reason, type.getSimpleName());
            assertThat(earlier)
                    .as("%s is the reason of both %s and %s", reason, earlier, type.getSimpleName())
                    .isNull();
        }
        return byReason;
    }

    private static List<Class<? extends KorbException>> exceptionTypes() throws IOException, URISyntaxException {
        Path directory = Path.of(KorbException.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(KorbException.class.getPackageName().replace('.', '/'));
        List<Class<? extends KorbException>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> type = forName(KorbException.class.getPackageName() + "." + name.replace(".class", ""));
                if (KorbException.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                    types.add(type.asSubclass(KorbException.class));
                }
            }
        }
        assertThat(types).as("exception types found in %s", directory).hasSizeGreaterThan(10);
        return types;
    }

    private static Class<?> forName(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static KorbException instance(Class<? extends KorbException> type) throws Exception {
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] arguments = Arrays.stream(constructor.getParameterTypes())
                .map(DocumentedOutcomesTest::argument)
                .toArray();
        return (KorbException) constructor.newInstance(arguments);
    }

    private static Object argument(Class<?> parameter) {
        if (parameter == String.class) {
            return "a message";
        }
        if (parameter.isAssignableFrom(OutOfMemoryError.class)) {
            return new OutOfMemoryError("test");
        }
        if (parameter.isAssignableFrom(IllegalStateException.class)) {
            return new IllegalStateException("test");
        }
        throw new AssertionError("no test argument for a constructor parameter of type " + parameter);
    }

    /** The rows of the first table after a heading, without its header and separator. */
    private static List<String> tableRows(String heading) throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf(heading);
        assertThat(start).as("README heading %s", heading).isNotNegative();
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                rows.add(line);
            } else if (inTable) {
                break;
            }
        }
        return rows.subList(2, rows.size());
    }
}
