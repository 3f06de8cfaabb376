package sh.oso.korb.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Named pipes for tests: opening one for reading blocks until a writer comes. */
public final class Fifos {

    private Fifos() {}

    public static Path make(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(mkfifo.waitFor())
                .as(new String(mkfifo.getInputStream().readAllBytes()))
                .isZero();
        return path;
    }
}
