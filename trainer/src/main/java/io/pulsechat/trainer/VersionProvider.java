package io.pulsechat.trainer;

import io.pulsechat.sentiment.SentimentModels;
import io.pulsechat.sentiment.encoder.AccurateModels;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version (filtered into version.properties) and the shipped model's. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {
        "trainer " + p.getProperty("version", "unknown"),
        "default model " + AccurateModels.loadDefault().version() + " (accurate; fast: "
            + SentimentModels.loadDefault().version() + ")",
        "Java " + System.getProperty("java.version")};
  }
}
