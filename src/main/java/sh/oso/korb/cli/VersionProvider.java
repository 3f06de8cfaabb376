package sh.oso.korb.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = KorbCommand.class.getPackage().getImplementationVersion();
        return new String[] {"korb " + (version == null ? "development build" : version)};
    }
}
