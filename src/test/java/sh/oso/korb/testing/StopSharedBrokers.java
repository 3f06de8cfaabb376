package sh.oso.korb.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared brokers once, when the whole test run ends. */
public final class StopSharedBrokers implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            SecureKafka.stopShared();
        } finally {
            EmbeddedKafka.stopShared();
        }
    }
}
