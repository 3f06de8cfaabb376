package sh.oso.korb.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sh.oso.korb.cli.Korb;

/** Names that say one thing: no two of korb's classes share a simple name, whichever package they are in. */
class SimpleNamesTest {

    @Test
    void noTwoMainClassesShareASimpleName() throws IOException, URISyntaxException {
        Path classes = Path.of(
                Korb.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, List<String>> byName;
        try (Stream<Path> files = Files.walk(classes)) {
            byName = files.map(classes::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .collect(Collectors.groupingBy(
                            name -> Path.of(name).getFileName().toString()));
        }

        assertThat(byName).as("top-level classes under %s", classes).hasSizeGreaterThan(100);
        assertThat(byName.values().stream().filter(paths -> paths.size() > 1).toList())
                .as("classes that share a simple name")
                .isEmpty();
    }
}
