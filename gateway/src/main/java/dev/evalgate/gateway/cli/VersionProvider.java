package dev.evalgate.gateway.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's Implementation-Version. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"evalgate " + (v == null ? "development build" : v)};
    }
}
