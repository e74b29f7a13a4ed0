package io.pulsechat.loadgen.stats;

import org.HdrHistogram.Histogram;

/**
 * The rooms of one shape in one step, as a user of a mixed run asks of them: how many
 * deliveries they were owed and got, and their own latency distribution (never one shared with
 * rooms of another shape, where a few large rooms would drown the many small ones or the reverse).
 *
 * @param shape    {@code MEMBERS+SENDERS}, the shape without its count of rooms
 * @param rooms    rooms of this shape measured in the step
 * @param messages messages sent into them in the window and not refused
 * @param latency  end-to-end latency of their measured deliveries, in microseconds
 */
public record ShapeResult(String shape, int rooms, long messages, long expected, long received, Histogram latency,
                          double windowSeconds) {

  /** {@code COUNTxMEMBERS+SENDERS}, as {@code --room-shapes} writes it. */
  public String label() {
    return rooms + "x" + shape;
  }

  public long lost() {
    return Math.max(0, expected - received);
  }

  public double deliveriesPerSecond() {
    return windowSeconds > 0 ? received / windowSeconds : 0;
  }

  public LatencySummary latencySummary() {
    return LatencySummary.of(latency);
  }

  /** Connections in one room of this shape, for ordering: the largest rooms first. */
  int roomSize() {
    return part(0) + part(1);
  }

  /** Receive-only members of one room of this shape: of two shapes as large, the wider fan-out first. */
  int members() {
    return part(0);
  }

  private int part(int i) {
    String[] parts = shape.split("\\+");
    try {
      return Integer.parseInt(parts[i]);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
