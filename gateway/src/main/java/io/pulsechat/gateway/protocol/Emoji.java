package io.pulsechat.gateway.protocol;

/**
 * Whether a string is exactly one emoji as a reader sees one (PROTOCOL.md, "Reactions"): one
 * emoji, or a zero-width-joiner sequence of them, made only of emoji code points. Written out
 * rather than taken from {@code BreakIterator}, whose Java 17 grapheme rules split ZWJ
 * sequences and would accept any letter.
 */
public final class Emoji {
  /** The longest family or flag sequences are about 10 code points. */
  public static final int MAX_CODE_POINTS = 16;
  private static final int ZWJ = 0x200D;
  private static final int VS16 = 0xFE0F;
  private static final int KEYCAP = 0x20E3;
  private static final int CANCEL_TAG = 0xE007F;

  private Emoji() {
  }

  public static boolean isOne(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    int[] cps = s.codePoints().toArray();
    if (cps.length > MAX_CODE_POINTS) {
      return false;
    }
    int i = element(cps, 0);
    while (i > 0 && i < cps.length && cps[i] == ZWJ) {
      i = element(cps, i + 1);
    }
    return i == cps.length;
  }

  /** Reads one element from {@code i}; returns where it ends, or -1 when none starts there. */
  private static int element(int[] cps, int i) {
    if (i >= cps.length) {
      return -1;
    }
    int cp = cps[i];
    if (isRegionalIndicator(cp)) {
      return i + 1 < cps.length && isRegionalIndicator(cps[i + 1]) ? i + 2 : -1;
    }
    if ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*') {
      int j = i + 1;
      if (j < cps.length && cps[j] == VS16) {
        j++;
      }
      return j < cps.length && cps[j] == KEYCAP ? j + 1 : -1;
    }
    if (!isPictograph(cp)) {
      return -1;
    }
    int j = i + 1;
    if (j < cps.length && cps[j] == VS16) {
      j++;
    }
    if (j < cps.length && isSkinTone(cps[j])) {
      j++;
    }
    if (j < cps.length && isTag(cps[j])) {
      while (j < cps.length && isTag(cps[j])) {
        j++;
      }
      return j < cps.length && cps[j] == CANCEL_TAG ? j + 1 : -1;
    }
    return j;
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  private static boolean isSkinTone(int cp) {
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
  }

  private static boolean isTag(int cp) {
    return cp >= 0xE0020 && cp <= 0xE007E;
  }

  /** Unicode's Extended_Pictographic code points, to the block: what emoji are built from. */
  private static boolean isPictograph(int cp) {
    return cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
        || (cp >= 0x2194 && cp <= 0x21AA) || (cp >= 0x231A && cp <= 0x23FF) || cp == 0x24C2
        || (cp >= 0x25AA && cp <= 0x25FE) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2934 && cp <= 0x2935)
        || (cp >= 0x2B05 && cp <= 0x2B55) || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299
        || (cp >= 0x1F000 && cp <= 0x1FAFF && !isRegionalIndicator(cp)) || (cp >= 0x1FC00 && cp <= 0x1FFFD);
  }
}
