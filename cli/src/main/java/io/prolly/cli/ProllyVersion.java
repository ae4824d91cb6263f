package io.prolly.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code prolly --version}: the version in the jar's manifest, when run from a jar. */
final class ProllyVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = ProllyVersion.class.getPackage().getImplementationVersion();
    return new String[] {"prolly " + (version == null ? "(development build)" : version)};
  }
}
