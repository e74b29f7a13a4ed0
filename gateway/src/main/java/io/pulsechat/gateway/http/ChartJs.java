package io.pulsechat.gateway.http;

/** The chart.js webjar on the classpath; its version is in the pom, read back from the webjar's own metadata. */
final class ChartJs {
  static final String VERSION = version();

  private ChartJs() {
  }

  private static String version() {
    String resource = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    try (var in = ChartJs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the chart.js webjar is not on the classpath (" + resource + ")");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
