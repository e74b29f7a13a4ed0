package io.pulsechat.sentiment;

/**
 * 64-bit hashing of token text, shared by the tokenizer (negator look-up), the lexicon and the
 * feature hasher, so that all three agree on what a token is without building strings.
 */
final class Hashing {
  static final long FNV_OFFSET = 0xcbf29ce484222325L;
  static final long FNV_PRIME = 0x100000001b3L;

  private Hashing() {
  }

  static long hash(char[] buf, int off, int len) {
    long h = FNV_OFFSET;
    for (int i = off; i < off + len; i++) {
      h = (h ^ buf[i]) * FNV_PRIME;
    }
    return mix(h);
  }

  static long hash(CharSequence s) {
    long h = FNV_OFFSET;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finaliser: spreads FNV's weak low bits over the whole word. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  static long combine(long a, long b) {
    return mix(a * 0x9E3779B97F4A7C15L + b);
  }
}
