package io.pulsechat.gateway.protocol;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.Locale;

/** The naming rules of PROTOCOL.md "Identity" and its extensions. Lengths count Unicode code points. */
public final class Names {
  public static final int MAX_ROOM = 64;
  public static final int MAX_USER = 32;
  /** A display name (a token's name claim) is cut to this many code points: as long as a chosen name. */
  public static final int MAX_DISPLAY_NAME = MAX_USER;
  /** A token's sub may be longer than a chosen name: Cognito's are 36-character UUIDs. */
  public static final int MAX_TOKEN_USER = 64;
  public static final int MAX_CLIENT_MSG_ID = 64;
  /** Message ids are ASCII; anything longer than this cannot be one of ours. */
  public static final int MAX_MESSAGE_ID = 64;

  private Names() {
  }

  /** 1–64 characters, each A–Z, a–z, 0–9, '_' or '-'. */
  public static boolean isValidRoom(String room) {
    if (room == null || room.isEmpty() || room.length() > MAX_ROOM) {
      return false;
    }
    for (int i = 0; i < room.length(); i++) {
      char c = room.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * A user name as the gateway keeps it: in Unicode normalization form C, so that names which
   * look the same and differ only in how they are composed are one name.
   */
  public static String normalizeUser(String user) {
    return Normalizer.normalize(user, Normalizer.Form.NFC);
  }

  /**
   * 1–32 code points, each one a person can see and none that reorders the text: no control
   * characters (Cc, which includes DEL and C1), no format characters (Cf: bidi controls,
   * zero-width characters), no separator but the plain space (Zs, Zl, Zp), no lone surrogate,
   * and no space at either end.
   */
  public static boolean isValidUser(String user) {
    return isValidUser(user, MAX_USER);
  }

  /** As {@link #isValidUser(String)}, with at most {@code max} code points. */
  public static boolean isValidUser(String user, int max) {
    if (user == null || user.isEmpty() || user.charAt(0) == ' ' || user.charAt(user.length() - 1) == ' ') {
      return false;
    }
    int count = 0;
    for (int i = 0; i < user.length(); ) {
      int cp = user.codePointAt(i);
      if (++count > max || !visibleInName(cp)) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  /**
   * A token's name claim as it is shown: normalized and trimmed, cut to {@link #MAX_DISPLAY_NAME}
   * code points at the end of a whole character as a reader sees one (an accent is not cut from
   * its letter); null when it is not a string a person could see as a name (empty, or holding a
   * control, format or bidi character anywhere), so that the next claim is shown instead.
   * Cut rather than refused: a long profile name must not lock its owner out.
   */
  public static String displayName(Object claim) {
    if (!(claim instanceof String s)) {
      return null;
    }
    String name = normalizeUser(s).strip();
    if (!isValidUser(name, Integer.MAX_VALUE)) {
      return null;
    }
    if (codePoints(name) > MAX_DISPLAY_NAME) {
      BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
      characters.setText(name);
      int end = 0;
      for (int next = characters.next(); next != BreakIterator.DONE
          && name.codePointCount(0, next) <= MAX_DISPLAY_NAME; next = characters.next()) {
        end = next;
      }
      name = name.substring(0, end).stripTrailing();
    }
    return name.isEmpty() ? null : name;
  }

  private static boolean visibleInName(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
           Character.PARAGRAPH_SEPARATOR -> false;
      case Character.SPACE_SEPARATOR -> cp == ' ';
      default -> true;
    };
  }

  /**
   * Whether a text or client message id can be stored and sent as it is: no NUL and no lone
   * surrogate (UTF-8 cannot carry one: storage would keep a '?', so history and the live
   * message would differ).
   */
  public static boolean isStorableText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A message id as clients echo it back in {@code before}/{@code after}: printable ASCII. */
  public static boolean isPlausibleMessageId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_MESSAGE_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  public static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }
}
