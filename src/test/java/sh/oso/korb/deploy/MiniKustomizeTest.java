package sh.oso.korb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.oso.korb.workflow.Yaml;

/**
 * {@link MiniKustomize} builds a layered kustomization (base, component, overlay) as kustomize does (the expected
 * output below is kustomize's, and {@link KubectlKustomizeTest} compares the two where kubectl is installed), and
 * refuses what it does not implement instead of building something else.
 */
class MiniKustomizeTest {

    static final Path LAYERED = Yaml.PROJECT.resolve("src/test/resources/sh/oso/korb/deploy/layered");

    @TempDir
    Path dir;

    @Test
    void buildsResourcesThenComponentsThenTheOverlaysPatches() {
        Map<String, JsonNode> built = byId(MiniKustomize.build(LAYERED.resolve("overlay")));

        assertThat(built).isEqualTo(byId(Yaml.readAll(LAYERED.resolve("overlay/expected.yaml"))));
    }

    @Test
    void keepsTheOrderObjectsWereAddedIn() {
        assertThat(MiniKustomize.build(LAYERED.resolve("overlay")))
                .extracting(object -> object.path("kind").asText())
                .containsExactly("Deployment", "ConfigMap", "ClusterRole");
    }

    @Test
    void aComponentAloneIsNotAKustomization() {
        assertThatThrownBy(() -> MiniKustomize.build(LAYERED.resolve("component")))
                .hasMessageContaining("Component where a kustomize.config.k8s.io/v1beta1 Kustomization is expected");
    }

    @Test
    void aKustomizationIsNotAComponent() throws IOException {
        kustomization("components: [" + LAYERED.resolve("base") + "]");

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .hasMessageContaining("Kustomization where a kustomize.config.k8s.io/v1alpha1 Component is expected");
    }

    @Test
    void refusesAFieldItDoesNotImplement() throws IOException {
        kustomization("namespace: elsewhere\nresources: [" + LAYERED.resolve("base") + "]");

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not support 'namespace'");
    }

    @Test
    void refusesAStrategicMergePatch() throws IOException {
        kustomization(resources()
                + "patches:\n  - target: {kind: ConfigMap}\n    patch: |-\n      data:\n        mode: merged\n");

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("not a strategic merge patch");
    }

    @Test
    void refusesATargetByLabel() throws IOException {
        kustomization(resources() + "patches:\n  - target: {labelSelector: app=x}\n    patch: " + replaceMode());

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("does not select by target.labelSelector");
    }

    @Test
    void refusesATargetPattern() throws IOException {
        kustomization(resources() + "patches:\n  - target: {name: 'app.*'}\n    patch: " + replaceMode());

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("literally, not as the pattern 'app.*'");
    }

    @Test
    void refusesAPatchWithoutTarget() throws IOException {
        kustomization(resources() + "patches:\n  - patch: " + replaceMode());

        assertThatThrownBy(() -> MiniKustomize.build(dir)).hasMessageContaining("needs each patch's target");
    }

    @Test
    void aPatchThatMatchesNothingIsAnError() throws IOException {
        kustomization(resources() + "patches:\n  - target: {kind: Secret}\n    patch: " + replaceMode());

        assertThatThrownBy(() -> MiniKustomize.build(dir)).hasMessageContaining("matches no resource");
    }

    @Test
    void theSameObjectTwiceIsAnError() throws IOException {
        Files.writeString(dir.resolve("again.yaml"), Files.readString(LAYERED.resolve("base/app.yaml")));
        kustomization("resources:\n  - " + LAYERED.resolve("base") + "\n  - again.yaml");

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .hasMessageContaining("apps/Deployment/demo/app is added twice");
    }

    @Test
    void loadsNoFileFromOutsideItsDirectory() throws IOException {
        kustomization("resources: [" + LAYERED.resolve("base/app.yaml") + "]");

        assertThatThrownBy(() -> MiniKustomize.build(dir))
                .hasMessageContaining("kustomize loads files only from below it");
    }

    @Test
    void aMissingResourceIsAnError() throws IOException {
        kustomization("resources: [missing.yaml]");

        assertThatThrownBy(() -> MiniKustomize.build(dir)).hasMessageContaining("missing.yaml does not exist");
    }

    private void kustomization(String body) throws IOException {
        Files.writeString(
                dir.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + body + "\n");
    }

    private static String resources() {
        return "resources: [" + LAYERED.resolve("base") + "]\n";
    }

    private static String replaceMode() {
        return "'[{\"op\": \"replace\", \"path\": \"/data/mode\", \"value\": \"x\"}]'\n";
    }

    static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
        return objects.stream().collect(Collectors.toMap(MiniKustomize::id, Function.identity()));
    }
}
