package io.pulsechat.loadgen.report;

import java.util.Locale;

/** Number formats shared by the reports and the progress line. */
public final class Format {
  private Format() {
  }

  /** A rate or count without a useless fraction: 50, 312.5, 0.25. */
  public static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  public static String ms(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
