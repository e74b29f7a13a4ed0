package io.pulsechat.gateway.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code @name} mentions of a text (PROTOCOL.md, "Mentions"). */
public final class Mentions {
  public static final int MAX_MENTIONS = 20;
  public static final int MAX_NAME = 32;

  private Mentions() {
  }

  /** The names mentioned, each once, in order of first appearance, at most {@link #MAX_MENTIONS}. */
  public static List<String> of(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    while (i < text.length() && names.size() < MAX_MENTIONS) {
      int at = text.indexOf('@', i);
      if (at < 0) {
        break;
      }
      i = at + 1;
      if (at > 0 && isNameChar(text.codePointBefore(at))) {
        continue; // an address such as bob@example.com mentions nobody
      }
      int end = i;
      int count = 0;
      while (end < text.length() && count <= MAX_NAME) {
        int cp = text.codePointAt(end);
        if (!isNameChar(cp)) {
          break;
        }
        end += Character.charCount(cp);
        count++;
      }
      while (end > i && text.charAt(end - 1) == '.') {
        end--;
        count--;
      }
      if (count >= 1 && count <= MAX_NAME) {
        names.add(text.substring(i, end));
      }
      i = Math.max(i, end);
    }
    return new ArrayList<>(names);
  }

  private static boolean isNameChar(int cp) {
    return Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.';
  }
}
