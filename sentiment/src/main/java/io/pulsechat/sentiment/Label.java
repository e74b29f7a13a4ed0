package io.pulsechat.sentiment;

/** The three sentiment classes, in the order of TweetEval's label ids (0, 1, 2). */
public enum Label {
  NEGATIVE, NEUTRAL, POSITIVE;

  /** The lower-case name used on the wire and in files. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Label fromWireName(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
