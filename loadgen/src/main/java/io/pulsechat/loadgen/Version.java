package io.pulsechat.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code loadgen --version}: the project version Maven wrote into the jar at build time. */
final class Version implements CommandLine.IVersionProvider {
  static String current() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/loadgen-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // reported as unknown below
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"loadgen " + current() + " (PulseChat; Java " + Runtime.version() + ")"};
  }
}
