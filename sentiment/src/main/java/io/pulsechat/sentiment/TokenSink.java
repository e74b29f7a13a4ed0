package io.pulsechat.sentiment;

/**
 * Receives the tokens of one message from {@link ChatTokenizer}, in order. The buffer is reused:
 * copy what you need before returning.
 */
@FunctionalInterface
public interface TokenSink {
  /**
   * @param buf the normalised token text in {@code buf[0..len)}
   * @param len its length
   * @param kind one of {@link ChatTokenizer#WORD}, {@link ChatTokenizer#HASHTAG}, ...
   * @param flags a bit set of {@link ChatTokenizer#NEGATED}, {@link ChatTokenizer#ALL_CAPS},
   *     {@link ChatTokenizer#ELONGATED}
   * @param squeezedAt for an elongated word, the index of the last doubled letter that was kept
   *     after squeezing ("happyyyy" becomes "happyy", squeezedAt 5); otherwise -1
   */
  void token(char[] buf, int len, int kind, int flags, int squeezedAt);
}
