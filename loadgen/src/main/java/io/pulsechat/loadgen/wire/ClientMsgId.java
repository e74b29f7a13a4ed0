package io.pulsechat.loadgen.wire;

import io.vertx.core.buffer.Buffer;

/**
 * The {@code clientMsgId} of every message the load generator sends:
 * {@code <runId>.<sender>.<seq>.<sendMicros>}, for example {@code k3x9a.12.4711.98765432109}.
 *
 * <p>It carries everything a receiver needs for its accounting, so a delivery is measured
 * from these bytes alone: the run (messages of other runs in the same room are not ours), the
 * sender's index, the sender's sequence number and the scheduled send time in microseconds of
 * {@link #nowMicros()}. At most 12 + 7 + 10 + 20 characters plus 3 dots: under the 64 allowed.
 */
public final class ClientMsgId {
  private static final byte[] FIELD = "\"clientMsgId\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private ClientMsgId() {
  }

  /**
   * Microseconds of the JVM's monotonic clock ({@link System#nanoTime()}, CLOCK_MONOTONIC on
   * Linux): the same clock for every process on one machine, unrelated to the wall clock.
   */
  public static long nowMicros() {
    return System.nanoTime() / 1_000;
  }

  public static String encode(String runId, int sender, long seq, long sendMicros) {
    return runId + '.' + sender + '.' + seq + '.' + sendMicros;
  }

  /** The fields of one decoded id; reused by its owner so that decoding allocates nothing. */
  public static final class Decoded {
    public int sender;
    public long seq;
    public long sendMicros;
    private long scratch;
  }

  /**
   * Finds {@code "clientMsgId":"} in a JSON frame and decodes the id after it into {@code out}.
   *
   * @return false when the frame has no such field or the id is not one of run {@code runId}
   */
  public static boolean find(Buffer frame, byte[] runId, Decoded out) {
    int at = indexOf(frame, FIELD);
    return at >= 0 && decode(frame, at + FIELD.length, runId, out);
  }

  /** Decodes an id given as a string, e.g. the {@code ref} of an error. */
  public static boolean decode(String id, byte[] runId, Decoded out) {
    Buffer b = Buffer.buffer(id + '"');
    return decode(b, 0, runId, out);
  }

  private static boolean decode(Buffer b, int at, byte[] runId, Decoded out) {
    int end = b.length();
    if (at + runId.length >= end) {
      return false;
    }
    for (int i = 0; i < runId.length; i++) {
      if (b.getByte(at + i) != runId[i]) {
        return false;
      }
    }
    int p = at + runId.length;
    if (b.getByte(p++) != '.') {
      return false;
    }
    // Three numbers; the last one may be negative (a monotonic clock may start below zero).
    p = number(b, p, end, '.', out);
    if (p < 0 || out.scratch > Integer.MAX_VALUE) {
      return false;
    }
    int sender = (int) out.scratch;
    p = number(b, p, end, '.', out);
    if (p < 0) {
      return false;
    }
    long seq = out.scratch;
    p = number(b, p, end, '"', out);
    if (p < 0) {
      return false;
    }
    out.sender = sender;
    out.seq = seq;
    out.sendMicros = out.scratch;
    return true;
  }

  /** Parses digits up to {@code stop}; returns the index after it, or -1. */
  private static int number(Buffer b, int p, int end, char stop, Decoded into) {
    boolean negative = p < end && b.getByte(p) == '-';
    if (negative) {
      p++;
    }
    long v = 0;
    int digits = 0;
    while (p < end) {
      byte c = b.getByte(p++);
      if (c == stop) {
        if (digits == 0) {
          return -1;
        }
        into.scratch = negative ? -v : v;
        return p;
      }
      if (c < '0' || c > '9' || ++digits > 18) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return -1;
  }

  static int indexOf(Buffer b, byte[] needle) {
    int last = b.length() - needle.length;
    byte first = needle[0];
    outer:
    for (int i = 0; i <= last; i++) {
      if (b.getByte(i) != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (b.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
