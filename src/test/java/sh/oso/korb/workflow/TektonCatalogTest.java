package sh.oso.korb.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Tasks as catalogs read them: their categories are the Tekton catalog's, and the layout, labels and
 * annotations are what Artifact Hub needs to list a Tekton tasks repository with git-based versioning.
 */
class TektonCatalogTest {

    /**
     * The Tekton catalog's categories: tektoncd/hub {@code config.yaml} ({@code categories}, commit 0d5da471), the
     * list the Tekton Hub and its catalog take {@code tekton.dev/categories} from.
     */
    static final Set<String> TEKTON_CATEGORIES = Set.of(
            "Automation",
            "Build Tools",
            "CLI",
            "Cloud",
            "Code Quality",
            "Continuous Integration",
            "Deployment",
            "Developer Tools",
            "Image Build",
            "Integration & Delivery",
            "Git",
            "Kubernetes",
            "Messaging",
            "Monitoring",
            "Networking",
            "Openshift",
            "Publishing",
            "Security",
            "Storage",
            "Testing");

    /** artifacthub/hub {@code internal/hub/package.go}, {@code PackageCategoryFromName}. */
    static final Set<String> ARTIFACT_HUB_CATEGORIES = Set.of(
            "ai-machine-learning",
            "database",
            "integration-delivery",
            "monitoring-logging",
            "networking",
            "security",
            "storage",
            "streaming-messaging");

    /** The annotations artifacthub/hub {@code internal/tracker/source/tekton/tekton.go} reads. */
    static final Set<String> ARTIFACT_HUB_ANNOTATIONS = Set.of(
            "artifacthub.io/alternativeName",
            "artifacthub.io/category",
            "artifacthub.io/changes",
            "artifacthub.io/license",
            "artifacthub.io/links",
            "artifacthub.io/maintainers",
            "artifacthub.io/provider",
            "artifacthub.io/recommendations",
            "artifacthub.io/screenshots");

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    static Stream<Path> taskAndPipelineFiles() {
        return Stream.concat(TektonCatalog.taskFiles().stream(), Yaml.files("pipelines").stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskAndPipelineFiles")
    void everyCategoryIsATektonCatalogCategory(Path file) {
        String categories = Yaml.read(file)
                .at("/metadata/annotations/tekton.dev~1categories")
                .asText();

        assertThat(categories).isNotBlank();
        assertThat(categories.split(","))
                .allSatisfy(category -> assertThat(TEKTON_CATEGORIES).contains(category.strip()));
    }

    @Test
    void kubectlApplyKInstallsEveryTaskArtifactHubFinds() {
        List<Path> manifests = new ArrayList<>();
        for (Path directory : TektonCatalog.packageDirectories()) {
            manifests.add(directory.resolve(directory.getFileName() + ".yaml"));
        }

        assertThat(TektonCatalog.taskFiles()).containsExactlyInAnyOrderElementsOf(manifests);
        assertThat(manifests)
                .hasSize(5)
                .allSatisfy(manifest -> assertThat(manifest).exists());
    }

    static Stream<Path> packageDirectories() {
        return TektonCatalog.packageDirectories().stream();
    }

    /** What Artifact Hub's {@code GetManifest}, {@code validateManifest} and {@code PreparePackage} take. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("packageDirectories")
    void eachPackageHoldsWhatArtifactHubReads(Path directory) throws IOException {
        String name = directory.getFileName().toString();
        JsonNode task = Yaml.read(directory.resolve(name + ".yaml"));
        JsonNode annotations = task.at("/metadata/annotations");

        assertThat(task.path("kind").asText()).isEqualTo("Task");
        assertThat(task.at("/metadata/name").asText()).isEqualTo(name);
        assertThat(task.at("/spec/description").asText()).isNotBlank();
        assertThat(release(
                        task.at("/metadata/labels/app.kubernetes.io~1version").asText()))
                .as("the version label is the release Artifact Hub lists it under (a tag vX.Y.Z)")
                .isEqualTo(projectRelease());
        assertThat(task.at("/spec/params").findValuesAsText("default"))
                .contains("ghcr.io/oso-sh/korb:" + projectRelease());
        assertThat(annotations.path("tekton.dev/displayName").asText()).isNotBlank();
        assertThat(annotations.path("tekton.dev/pipelines.minVersion").asText()).matches(VERSION);
        assertThat(annotations.path("tekton.dev/tags").asText()).contains("kafka");
        assertThat(annotations.path("artifacthub.io/category").asText()).isIn(ARTIFACT_HUB_CATEGORIES);
        annotations.fieldNames().forEachRemaining(annotation -> {
            if (annotation.startsWith("artifacthub.io/")) {
                assertThat(ARTIFACT_HUB_ANNOTATIONS).contains(annotation);
            }
        });
        assertThat(directory.resolve("README.md")).isRegularFile();
        try (Stream<Path> samples = Files.list(directory.resolve("samples"))) {
            assertThat(samples.map(Yaml::read))
                    .isNotEmpty()
                    .allSatisfy(sample ->
                            assertThat(sample.at("/spec/taskRef/name").asText()).isEqualTo(name));
        }
    }

    @Test
    void theRepositoryFileIsInThePackagesPathWithAPlaceholderIdAndTheReadmeNamesThatPath() throws IOException {
        // Artifact Hub reads artifacthub-repo.yml from the path of the packages, the one the repository URL names
        JsonNode repository = Yaml.read(TektonCatalog.TASKS.resolve("artifacthub-repo.yml"));

        assertThat(UUID.fromString(repository.path("repositoryID").asText())).isNotNull();
        repository.fieldNames().forEachRemaining(field -> assertThat(field).isIn("repositoryID", "owners", "ignore"));
        assertThat(Files.readString(TektonCatalog.TASKS.resolve("README.md")))
                .contains(TektonResolver.PROJECT_REPOSITORY.replaceFirst("\\.git$", "") + "/tasks");
    }

    /** A version as semver reads it: {@code 0.1} is {@code 0.1.0}. */
    private static String release(String version) {
        Matcher matcher = VERSION.matcher(version);
        assertThat(matcher.matches()).as("semver: " + version).isTrue();
        return matcher.group(1) + "." + (matcher.group(2) == null ? "0" : matcher.group(2)) + "."
                + (matcher.group(3) == null ? "0" : matcher.group(3));
    }

    private static String projectRelease() throws IOException {
        Matcher version = Pattern.compile("<artifactId>korb</artifactId>\\s*<version>([^<-]+)")
                .matcher(Files.readString(Yaml.PROJECT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
