package io.pulsechat.gateway.protocol;

/** The naming rules of PROTOCOL.md "Identity". Lengths count Unicode code points. */
public final class Names {
  public static final int MAX_ROOM = 64;
  public static final int MAX_USER = 32;
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

  /** 1–32 code points, none of Unicode category Cc (which includes DEL and C1). */
  public static boolean isValidUser(String user) {
    if (user == null || user.isEmpty()) {
      return false;
    }
    int count = 0;
    for (int i = 0; i < user.length(); ) {
      int cp = user.codePointAt(i);
      if (Character.getType(cp) == Character.CONTROL || ++count > MAX_USER) {
        return false;
      }
      i += Character.charCount(cp);
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
