package sh.oso.korb.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a korb process is started: the command before korb's own arguments, and what it adds to the environment.
 *
 * @param key         short, for the names of the run's files
 * @param label       what the report calls it
 * @param command     the program and its arguments before korb's
 * @param environment added to the inherited one
 */
record KorbStart(String key, String label, List<String> command, Map<String, String> environment) {

    /** bin/korb of the checkout; the image build trains with the image's own (system property korb.launcher). */
    static final String LAUNCHER = System.getProperty("korb.launcher", "bin/korb");
    /** What the JVM sees in a container limited to 256Mi: bin/korb sizes the heap at 70% of it. */
    static final String POD_MEMORY = "-XX:MaxRAM=256m";
    /** The key and label of {@link #image(ImageContainer, Path)}. */
    static final String IMAGE = "image";

    static final String IMAGE_LABEL = "image (JDK 25, AOT cache)";

    /** As the container image runs korb: bin/korb with a class-data sharing archive, in the reference's pod. */
    static KorbStart image(Path jar, Path archive) {
        return image(jar, archive, POD_MEMORY);
    }

    /** As {@link #image(Path, Path)}, in a pod whose memory {@code memory} gives the JVM ({@code -XX:MaxRAM=...}). */
    static KorbStart image(Path jar, Path archive, String memory) {
        return new KorbStart(
                "korb",
                "korb (image's launcher and archive)",
                List.of(LAUNCHER),
                Map.of("KORB_JAR", jar.toString(), "KORB_CDS_ARCHIVE", archive.toString(), "JAVA_OPTS", memory));
    }

    /** The README's command before the launcher: {@code java -jar korb.jar} on the JDK at {@code javaHome}. */
    static KorbStart javaJar(String key, String label, Path javaHome, Path jar) {
        return new KorbStart(
                key, label, List.of(javaHome.resolve("bin/java").toString(), "-jar", jar.toString()), Map.of());
    }

    /**
     * The image's command line: {@code korb} (its bin/korb, JDK 25 with the ahead-of-time cache trained at build
     * time) run in {@code container} by {@code buildah run}, with {@code snapshots} mounted for --pvc-path.
     */
    static KorbStart image(ImageContainer container, Path snapshots) {
        return new KorbStart(IMAGE, IMAGE_LABEL, container.korb(snapshots), ImageContainer.BUILDAH);
    }

    /**
     * bin/korb outside the image, on the JDK at {@code javaHome}, with its per-user cache under {@code cacheHome}
     * (XDG_CACHE_HOME). The image's own caches are pointed at a file that does not exist, so that a /opt/korb on
     * the machine does not count.
     */
    static KorbStart launcher(String key, String label, Path javaHome, Path jar, Path cacheHome) {
        String none = cacheHome.resolve("not-the-image").toString();
        return new KorbStart(
                key,
                label,
                List.of(LAUNCHER),
                Map.of(
                        "JAVA_HOME",
                        javaHome.toString(),
                        "KORB_JAR",
                        jar.toString(),
                        "XDG_CACHE_HOME",
                        cacheHome.toString(),
                        "KORB_AOT_CACHE",
                        none,
                        "KORB_CDS_ARCHIVE",
                        none,
                        "JAVA_OPTS",
                        ""));
    }
}
