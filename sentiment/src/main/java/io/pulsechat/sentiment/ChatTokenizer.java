package io.pulsechat.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A single-pass, regex-free tokenizer for chat messages and tweets.
 *
 * <ul>
 *   <li>words are lower-cased; runs of three or more equal letters are squeezed to two
 *       ("sooo" becomes "soo") and flagged {@link #ELONGATED}; words in capitals are flagged
 *       {@link #ALL_CAPS};</li>
 *   <li>URLs become {@code <url>}, mentions {@code <user>};</li>
 *   <li>a hashtag becomes {@code #tag} followed by its camel-case parts ("#GoodVibes" gives
 *       {@code #goodvibes good vibes});</li>
 *   <li>each emoji is a token (skin tones, variation selectors and joiners are dropped); emoticons
 *       are tokens with the nose dropped and lower-cased ({@code :-D} gives {@code :d});</li>
 *   <li>{@code !} and {@code ?} are tokens, once per run;</li>
 *   <li>after a negator ("not", "never", "don't", ...) the following words are flagged
 *       {@link #NEGATED} until a clause ends (punctuation, "but") or, when a window is set, after
 *       that many words.</li>
 * </ul>
 *
 * <p>An instance keeps a scratch buffer and is not thread-safe; it is cheap, so keep one per
 * thread.
 */
public final class ChatTokenizer {
  public static final int WORD = 0;
  public static final int HASHTAG = 1;
  public static final int EMOJI = 2;
  public static final int EMOTICON = 3;
  public static final int URL = 4;
  public static final int USER = 5;
  public static final int PUNCT = 6;

  public static final int NEGATED = 1;
  public static final int ALL_CAPS = 2;
  public static final int ELONGATED = 4;

  private static final char[] URL_TOKEN = "<url>".toCharArray();
  private static final char[] USER_TOKEN = "<user>".toCharArray();
  private static final char[] BANG = {'!'};
  private static final char[] QUESTION = {'?'};

  /** Emoticons by their first character (ASCII), longest first, so one probe checks a handful. */
  private static final String[][] EMOTICONS = new String[128][];
  private static final long[] NEGATORS;
  private static final long[] CLAUSE_BREAKERS;

  static {
    String[] emoticons = {
      ":)", ":-)", ":))", ":)))", ":]", ":-]", "=)", "=]", ":}", ":o)", ":3", "(:", "(-:", "((:",
      ":(", ":-(", ":((", ":(((", ":[", ":-[", "=(", ":{", "):", ")-:", "):", ":'(", ":'-(", ":,(",
      ":')", ":'-)", ";)", ";-)", ";]", ";d", ";p", ":d", ":-d", "=d", "xd", "x-d",
      ":p", ":-p", "=p", "xp", ":b", ":o", ":-o", "o.o", "o_o", "o_0", ":|", ":-|", ":/", ":-/",
      ":\\", ":-\\", "=/", ":s", ":$", ":*", ":-*", ";*", "<3", "<33", "<333", "</3", "^_^", "^^",
      "^.^", "-_-", "-.-", "t_t", "t.t", ";_;", ">:(", ">:-(", ">:)", ">.<", ">_<", "d:", ":@",
      "\\o/", "*_*", "=3", "xo", "xoxo"};
    Arrays.sort(emoticons, Comparator.comparingInt(String::length).reversed());
    for (String e : emoticons) {
      String[] bucket = EMOTICONS[e.charAt(0)];
      bucket = bucket == null ? new String[1] : Arrays.copyOf(bucket, bucket.length + 1);
      bucket[bucket.length - 1] = e;
      EMOTICONS[e.charAt(0)] = bucket;
    }
    NEGATORS = hashes("not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "nowhere",
        "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont",
        "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint", "without", "nope",
        "nah", "neva", "nothin");
    CLAUSE_BREAKERS = hashes("but", "however", "although", "though", "yet", "except");
  }

  private final int negationWindow;
  private char[] buf = new char[64];
  private int negationLeft;
  private CharSequence text;

  /** @param negationWindow words a negation covers; 0 means until the clause ends */
  public ChatTokenizer(int negationWindow) {
    this.negationWindow = negationWindow;
  }

  public ChatTokenizer() {
    this(0);
  }

  /** Convenience for tests and tools: the tokens as strings, negated words suffixed "_NEG". */
  public List<String> tokens(CharSequence text) {
    List<String> out = new ArrayList<>();
    tokenize(text, (b, len, kind, flags, squeezedAt) ->
        out.add(new String(b, 0, len) + ((flags & NEGATED) != 0 ? "_NEG" : "")));
    return out;
  }

  public void tokenize(CharSequence text, TokenSink sink) {
    this.text = text;
    negationLeft = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (isUrlStart(i, n)) {
        i = skipNonSpace(i, n);
        sink.token(URL_TOKEN, URL_TOKEN.length, URL, 0, -1);
      } else if (c == '@' && i + 1 < n && isWordChar(text.charAt(i + 1))) {
        i = skipWordChars(i + 1, n);
        sink.token(USER_TOKEN, USER_TOKEN.length, USER, 0, -1);
      } else if (c == '#' && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
        i = hashtag(i, n, sink);
      } else {
        int emoticon = atTokenStart(i) ? matchEmoticon(i, n) : 0;
        if (emoticon > 0) {
          emitEmoticon(i, emoticon, sink);
          i += emoticon;
          continue;
        }
        int cp = Character.codePointAt(text, i);
        int width = Character.charCount(cp);
        if (isEmoji(cp)) {
          ensure(2);
          int len = Character.toChars(cp, buf, 0);
          sink.token(buf, len, EMOJI, 0, -1);
          i += width;
        } else if (Character.isLetterOrDigit(cp)) {
          i = word(i, n, sink);
        } else {
          i = punctuation(c, i, n, sink) + width - 1;
        }
      }
    }
    this.text = null;
  }

  private int punctuation(char c, int i, int n, TokenSink sink) {
    switch (c) {
      case '!', '?' -> {
        negationLeft = 0;
        int j = i;
        while (j < n && text.charAt(j) == c) {
          j++;
        }
        sink.token(c == '!' ? BANG : QUESTION, 1, PUNCT, 0, -1);
        return j;
      }
      case '.', ',', ';', ':' -> {
        negationLeft = 0;
        return i + 1;
      }
      default -> {
        return i + 1;
      }
    }
  }

  private int word(int start, int n, TokenSink sink) {
    int len = 0;
    int letters = 0;
    int upper = 0;
    int squeezedAt = -1;
    int i = start;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '\u2019') {
        // Keep apostrophes inside words ("don't"); drop them otherwise.
        if (i + 1 < n && Character.isLetter(text.charAt(i + 1)) && len > 0) {
          ensure(len + 1);
          buf[len++] = '\'';
          i++;
          continue;
        }
        break;
      }
      if (c < 128) {
        // ASCII fast path: most chat text is ASCII, and Character's general lookups cost more.
        boolean lowerCase = c >= 'a' && c <= 'z';
        boolean upperCase = c >= 'A' && c <= 'Z';
        if (!lowerCase && !upperCase && !(c >= '0' && c <= '9')) {
          break;
        }
        char lower = c;
        if (lowerCase || upperCase) {
          letters++;
          if (upperCase) {
            upper++;
            lower = (char) (c + ('a' - 'A'));
          }
        }
        if (len >= 2 && buf[len - 1] == lower && buf[len - 2] == lower) {
          squeezedAt = len - 1;
        } else {
          ensure(len + 1);
          buf[len++] = lower;
        }
        i++;
        continue;
      }
      int cp = Character.codePointAt(text, i);
      if (!Character.isLetterOrDigit(cp) || isEmoji(cp)) {
        break;
      }
      if (Character.isLetter(cp)) {
        letters++;
        if (Character.isUpperCase(cp)) {
          upper++;
        }
      }
      int width = Character.charCount(cp);
      if (width == 1) {
        char lower = Character.toLowerCase(c);
        if (len >= 2 && buf[len - 1] == lower && buf[len - 2] == lower) {
          squeezedAt = len - 1;
        } else {
          ensure(len + 1);
          buf[len++] = lower;
        }
      } else {
        ensure(len + 2);
        len += Character.toChars(cp, buf, len);
      }
      i += width;
    }
    int flags = 0;
    if (letters >= 2 && upper == letters) {
      flags |= ALL_CAPS;
    }
    if (squeezedAt >= 0) {
      flags |= ELONGATED;
    }
    emitWord(len, flags, squeezedAt, true, sink);
    return i;
  }

  private void emitWord(int len, int flags, int squeezedAt, boolean negatable, TokenSink sink) {
    long h = Hashing.hash(buf, 0, len);
    if (negatable && negationLeft != 0) {
      flags |= NEGATED;
      negationLeft--;
    }
    if (negatable) {
      if (Arrays.binarySearch(CLAUSE_BREAKERS, h) >= 0) {
        negationLeft = 0;
        flags &= ~NEGATED;
      } else if (isNegator(h, len)) {
        negationLeft = negationWindow > 0 ? negationWindow : Integer.MAX_VALUE;
      }
    }
    sink.token(buf, len, WORD, flags, squeezedAt);
  }

  private boolean isNegator(long h, int len) {
    if (Arrays.binarySearch(NEGATORS, h) >= 0) {
      return true;
    }
    // Any "...n't" contraction: don't, isn't, couldn't, ain't.
    return len >= 4 && buf[len - 1] == 't' && buf[len - 2] == '\'' && buf[len - 3] == 'n';
  }

  private int hashtag(int hash, int n, TokenSink sink) {
    int end = hash + 1;
    while (end < n) {
      char c = text.charAt(end);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        break;
      }
      end++;
    }
    int len = 0;
    ensure(end - hash);
    for (int j = hash; j < end; j++) {
      char c = text.charAt(j);
      if (c != '_') {
        buf[len++] = Character.toLowerCase(c);
      }
    }
    sink.token(buf, len, HASHTAG, 0, -1);
    // Camel-case and letter/digit boundaries split the tag into words.
    int partStart = hash + 1;
    int parts = 0;
    for (int j = hash + 2; j <= end; j++) {
      if (j == end || isPartBoundary(text.charAt(j - 1), text.charAt(j))) {
        parts++;
        if (parts == 1 && j == end) {
          break;
        }
        emitPart(partStart, j, sink);
        partStart = j < end && text.charAt(j) == '_' ? j + 1 : j;
      }
    }
    return end;
  }

  private static boolean isPartBoundary(char prev, char c) {
    return c == '_' || prev == '_'
        || Character.isLowerCase(prev) && Character.isUpperCase(c)
        || Character.isLetter(prev) != Character.isLetter(c);
  }

  private void emitPart(int from, int to, TokenSink sink) {
    int len = 0;
    ensure(to - from);
    for (int j = from; j < to; j++) {
      char c = text.charAt(j);
      if (c != '_') {
        buf[len++] = Character.toLowerCase(c);
      }
    }
    if (len > 0) {
      emitWord(len, 0, -1, false, sink);
    }
  }

  private void emitEmoticon(int from, int len, TokenSink sink) {
    ensure(len);
    int out = 0;
    for (int j = from; j < from + len; j++) {
      char c = Character.toLowerCase(text.charAt(j));
      // Drop the nose: ":-)" and ":)" are the same emoticon.
      if (c == '-' && j > from && j < from + len - 1 && len > 2 && text.charAt(from) != '-') {
        continue;
      }
      buf[out++] = c;
    }
    sink.token(buf, out, EMOTICON, 0, -1);
  }

  private boolean atTokenStart(int i) {
    return i == 0 || Character.isWhitespace(text.charAt(i - 1)) || text.charAt(i - 1) == '"';
  }

  private int matchEmoticon(int i, int n) {
    char c = Character.toLowerCase(text.charAt(i));
    String[] candidates = c < 128 ? EMOTICONS[c] : null;
    if (candidates == null) {
      return 0;
    }
    for (String e : candidates) {
      int len = e.length();
      if (i + len <= n && regionMatchesIgnoreCase(i, e)) {
        // An emoticon must stand alone: "xd" in "xdebug" or ":d" in ":dog" is not one.
        int after = i + len;
        if (after == n || !Character.isLetterOrDigit(text.charAt(after))) {
          return len;
        }
      }
    }
    return 0;
  }

  private boolean regionMatchesIgnoreCase(int i, String e) {
    for (int k = 0; k < e.length(); k++) {
      if (Character.toLowerCase(text.charAt(i + k)) != e.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean isUrlStart(int i, int n) {
    char c = text.charAt(i);
    if (c == 'h' || c == 'H') {
      return startsWithIgnoreCase(i, n, "http://") || startsWithIgnoreCase(i, n, "https://");
    }
    return (c == 'w' || c == 'W') && startsWithIgnoreCase(i, n, "www.");
  }

  private boolean startsWithIgnoreCase(int i, int n, String prefix) {
    return i + prefix.length() <= n && regionMatchesIgnoreCase(i, prefix);
  }

  private int skipNonSpace(int i, int n) {
    while (i < n && !Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private int skipWordChars(int i, int n) {
    while (i < n && isWordChar(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** Pictographs, dingbats, symbols and flags; modifiers and joiners are not emoji on their own. */
  static boolean isEmoji(int cp) {
    if (cp < 0x2190) {
      return cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049;
    }
    if (cp >= 0x1F3FB && cp <= 0x1F3FF) {
      return false; // skin tones
    }
    return cp >= 0x1F000 && cp <= 0x1FAFF
        || cp >= 0x2600 && cp <= 0x27BF
        || cp >= 0x2190 && cp <= 0x21FF
        || cp >= 0x2300 && cp <= 0x23FF
        || cp >= 0x2B00 && cp <= 0x2BFF
        || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
  }

  private void ensure(int capacity) {
    if (capacity > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
    }
  }

  private static long[] hashes(String... words) {
    long[] out = new long[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = Hashing.hash(words[i]);
    }
    Arrays.sort(out);
    return out;
  }
}
