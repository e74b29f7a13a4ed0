package io.pulsechat.loadgen.stats;

/**
 * One measured run over the open connections: senders send from {@code startMicros} to
 * {@code windowEndMicros}; deliveries of messages sent in [{@code windowStartMicros},
 * {@code windowEndMicros}) are measured, the earlier ones are warm-up. Times are
 * {@link io.pulsechat.loadgen.wire.ClientMsgId#nowMicros()}.
 */
public record Step(int index, double ratePerSender, long startMicros, long windowStartMicros, long windowEndMicros) {

  public boolean inWindow(long sendMicros) {
    return sendMicros >= windowStartMicros && sendMicros < windowEndMicros;
  }

  public double windowSeconds() {
    return (windowEndMicros - windowStartMicros) / 1e6;
  }
}
