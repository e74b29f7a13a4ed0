package io.pulsechat.loadgen.stats;

/**
 * The connect ramp of a step: members that connect and join while messages flow
 * ({@code --add-members}), measured as the run's connect phase is, from each one's first
 * attempt to its {@code joined} frame.
 *
 * @param target members this step was to add
 * @param phase  first-attempt-to-joined latency of those that joined within the step, and the span of their joins
 */
public record Added(long target, ConnectPhase phase) {
  public static Added none() {
    return new Added(0, ConnectPhase.none());
  }

  public boolean any() {
    return target > 0;
  }

  public long joined() {
    return phase.joins();
  }

  /** Members not joined when the step ended: their connect or join failed, or is still under way. */
  public long failures() {
    return Math.max(0, target - joined());
  }

  /** Two generators' ramps as one: targets add up, latencies are added, the span runs over both. */
  public Added plus(Added o) {
    return new Added(target + o.target, phase.merge(o.phase));
  }
}
