package sh.oso.korb.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared broker once, when the whole test run ends. */
public final class StopEmbeddedKafka implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        EmbeddedKafka.stopShared();
    }
}
