package sh.oso.korb.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that runs {@code korb} in a working container of the image as a Tekton step runs it: with
 * buildah (no Docker engine), chroot isolation, the host's network, as uid 10001. Shared by the image test and the
 * start-up benchmark, so that both measure the same thing.
 */
public final class StepCommand {

    private StepCommand() {}

    /**
     * @param container   the working container ({@code buildah from})
     * @param volumes     the host's directories by the path they are mounted at in the container
     * @param environment added to the container's
     * @return the command, korb's own arguments to be added
     */
    public static List<String> korb(String container, Map<String, String> volumes, Map<String, String> environment) {
        List<String> command = new ArrayList<>(
                List.of("buildah", "run", "--isolation", "chroot", "--network", "host", "--user", "10001:10001"));
        volumes.forEach((mountPoint, host) -> command.addAll(List.of("--volume", host + ":" + mountPoint)));
        environment.forEach((name, value) -> command.addAll(List.of("--env", name + "=" + value)));
        command.addAll(List.of(container, "--", "korb"));
        return command;
    }
}
