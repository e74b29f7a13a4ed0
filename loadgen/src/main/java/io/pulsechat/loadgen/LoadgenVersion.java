package io.pulsechat.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version, filtered into version.properties at build time. */
final class LoadgenVersion implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = LoadgenVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {"loadgen " + p.getProperty("version", "unknown"), "Java " + System.getProperty("java.version")};
  }
}
