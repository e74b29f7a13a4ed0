package io.pulsechat.loadgen.scenario;

import io.pulsechat.loadgen.report.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step does to its members besides sending, each measured by what the members feel
 * (time until joined again, messages missed and recovered): a reconnect storm drops a share of
 * the receive-only members at once and they reconnect at once; churn has receive-only members
 * leave and join again at a rate; a failure drill runs a command (kill a gateway of a fleet) and
 * every member the server closes reconnects, to the next URL of the list.
 *
 * @param stormPercent     receive-only members dropped at once, 0 for no storm
 * @param stormAtSeconds   when the storm comes, in seconds into the measured window
 * @param churnPerSecond   receive-only members leaving a second over the window, 0 for no churn
 * @param churnAwaySeconds how long a churning member stays away before joining again
 * @param drillCommand     a shell command run once per step, or empty
 * @param drillAtSeconds   when the command runs, in seconds into the measured window
 * @param addMembers       receive-only members that connect and join during the first step, 0 for none
 * @param addPerSecond     the rate they connect at, over the whole run
 * @param addAtSeconds     when they start connecting, in seconds into the first step's measured window
 * @param senders          storms and churn take senders too, not only receive-only members
 */
public record Disruption(double stormPercent, double stormAtSeconds, double churnPerSecond, double churnAwaySeconds,
                         Optional<String> drillCommand, double drillAtSeconds, int addMembers, double addPerSecond,
                         double addAtSeconds, boolean senders) {

  /** Storms, churn and drills of receive-only members, and no members added. */
  public Disruption(double stormPercent, double stormAtSeconds, double churnPerSecond, double churnAwaySeconds,
                    Optional<String> drillCommand, double drillAtSeconds) {
    this(stormPercent, stormAtSeconds, churnPerSecond, churnAwaySeconds, drillCommand, drillAtSeconds, 0, 100, 0,
        false);
  }

  public static Disruption none() {
    return new Disruption(0, 0, 0, 1, Optional.empty(), 0);
  }

  /** Whether members connect and join mid-run, during the first step. */
  public boolean adds() {
    return addMembers > 0;
  }

  /**
   * Whether members join or leave during steps: then each room's joined members are tracked over
   * time, so a message is owed to exactly those joined when it was due.
   */
  public boolean changesMembership() {
    return any() || adds();
  }

  /**
   * Generator {@code index}'s share of {@code count}: the churn and the members added are divided
   * among them, so the run as a whole does what the scenario says.
   */
  public Disruption share(int index, int count) {
    int added = addMembers / count + (index < addMembers % count ? 1 : 0);
    return new Disruption(stormPercent, stormAtSeconds, churnPerSecond / count, churnAwaySeconds, drillCommand,
        drillAtSeconds, added, addPerSecond / count, addAtSeconds, senders);
  }

  /** Reads {@code --storm PERCENT@SECONDS}, e.g. {@code 20@5}: a fifth of the members dropped 5 s into the window. */
  public static double[] parseStorm(String spec) {
    String[] parts = spec.trim().split("@");
    try {
      double percent = Double.parseDouble(parts[0]);
      double at = Double.parseDouble(parts[1]);
      if (parts.length == 2 && percent > 0 && percent <= 100 && at >= 0) {
        return new double[] {percent, at};
      }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      // reported below
    }
    throw new IllegalArgumentException("--storm " + spec
        + " is not PERCENT@SECONDS with a percent above 0 up to 100 and seconds not negative, e.g. 20@5");
  }

  public boolean storm() {
    return stormPercent > 0;
  }

  public boolean churn() {
    return churnPerSecond > 0;
  }

  public boolean drill() {
    return drillCommand.isPresent();
  }

  /** Whether members rejoin and recover: then each delivery's message id is kept for {@code history after}. */
  public boolean any() {
    return storm() || churn() || drill();
  }

  /** Everything wrong, one sentence each, against a window of {@code windowSeconds}. */
  List<String> problems(double windowSeconds, int members) {
    List<String> p = new ArrayList<>();
    if (storm() && !(stormAtSeconds < windowSeconds)) {
      p.add("--storm must come within the measured window: " + Format.number(stormAtSeconds)
          + " s is not under --duration " + Format.number(windowSeconds));
    }
    if (!(churnPerSecond >= 0)) {
      p.add("--churn must not be negative");
    }
    if (!(churnAwaySeconds >= 0)) {
      p.add("--churn-away must not be negative");
    }
    if ((storm() || churn()) && members < 1 && !senders) {
      p.add("--storm and --churn drop receive-only members: --members must be at least 1, or --disrupt-senders");
    }
    if (drillCommand.isPresent() && drillCommand.get().isBlank()) {
      p.add("--drill needs a command");
    }
    if (drill() && !(drillAtSeconds >= 0 && drillAtSeconds < windowSeconds)) {
      p.add("--drill-at must be from 0 to under --duration " + Format.number(windowSeconds) + " seconds");
    }
    if (addMembers < 0) {
      p.add("--add-members must not be negative");
    }
    if (adds() && !(addPerSecond > 0)) {
      p.add("--add-members-rate must be above 0 connections a second");
    }
    if (adds() && !(addAtSeconds >= 0 && addAtSeconds < windowSeconds)) {
      p.add("--add-members-at must be from 0 to under --duration " + Format.number(windowSeconds) + " seconds");
    }
    return p;
  }

  void describe(Map<String, Object> m) {
    if (storm()) {
      m.put("storm", Format.number(stormPercent) + "@" + Format.number(stormAtSeconds));
    }
    if (churn()) {
      m.put("churn", churnPerSecond);
      m.put("churn-away", churnAwaySeconds);
    }
    drillCommand.ifPresent(c -> {
      m.put("drill", c);
      m.put("drill-at", drillAtSeconds);
    });
    if (adds()) {
      m.put("add-members", addMembers);
      m.put("add-members-rate", addPerSecond);
      m.put("add-members-at", addAtSeconds);
    }
    if (senders) {
      m.put("disrupt-senders", true);
    }
  }

  /** Without the command: in a distributed run the coordinator runs it, once, not each agent. */
  public Disruption withoutDrill() {
    return new Disruption(stormPercent, stormAtSeconds, churnPerSecond, churnAwaySeconds, Optional.empty(),
        drillAtSeconds, addMembers, addPerSecond, addAtSeconds, senders);
  }
}
