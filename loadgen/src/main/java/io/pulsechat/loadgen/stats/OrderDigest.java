package io.pulsechat.loadgen.stats;

/**
 * A running hash of the order in which a member received a room's messages: members that saw
 * the same messages in the same order end with the same digest, so comparing one long per
 * member checks that a whole room agreed on one order without keeping the sequences.
 */
public final class OrderDigest {
  public static final long EMPTY = 0xcbf29ce484222325L;

  private OrderDigest() {
  }

  /** The digest after one more message, named by its sender's index in the room and its sequence number. */
  public static long next(long digest, int senderInRoom, long seq) {
    long key = seq * 0x9E3779B97F4A7C15L + senderInRoom;
    return (digest ^ key) * 0x100000001B3L;
  }

  public static String hex(long digest) {
    return String.format("%016x", digest);
  }
}
