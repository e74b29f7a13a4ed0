package io.pulsechat.loadgen.scenario;

import io.pulsechat.loadgen.report.Format;
import io.pulsechat.loadgen.stats.Threshold;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One load scenario, validated: where to connect, the shape of the rooms, the send schedule,
 * the measured window and the pass bound. Built by the command line from flags and a scenario
 * file; {@link #problems()} lists everything wrong at once.
 *
 * @param members        receive-only members per room
 * @param senders        members per room that also send
 * @param rate           messages a second per sender, on an open-loop schedule
 * @param size           text bytes of each message
 * @param ramp           new connections a second, over the whole pool of connections
 * @param sourceAddresses local addresses to connect from; empty means the system's choice
 * @param eventLoops     event loops of the load generator
 * @param thresholds     pass/fail criteria besides the default checks
 * @param seriesJson     where the per-second intervals go as JSON lines
 * @param openMetrics    where the per-second intervals go as OpenMetrics text
 * @param pushgateway    a Prometheus Pushgateway to push each interval to
 * @param stages         rates to run one after another over the same connections, each its own step
 * @param disruption     storms, churn and drills each step puts its members through
 * @param shapes         rooms of several shapes, in place of {@code rooms x (members + senders)}; empty for one shape
 */
public record Scenario(List<URI> urls, int rooms, int members, int senders, double rate, int size,
                       double durationSeconds, double warmupSeconds, double ramp, List<String> sourceAddresses,
                       double drainSeconds, String roomPrefix, String runId, Optional<Path> reportJson,
                       Optional<Path> reportHtml, double p99BoundMs, Optional<Long> serverPid, boolean insecure,
                       boolean maxRate, double maxRateStart, int maxRateSteps, int eventLoops,
                       double connectTimeoutSeconds, List<Threshold> thresholds, Optional<Path> seriesJson,
                       Optional<Path> openMetrics, Optional<URI> pushgateway, List<Stage> stages,
                       Disruption disruption, List<RoomShape> shapes) {

  /** One stage of a staged run: a per-sender rate held for a measured window of {@code seconds}. */
  public record Stage(double rate, double seconds) {
    /** Reads {@code RATE:SECONDS}, e.g. {@code 100:5} for a five-second spike at 100 msg/s per sender. */
    public static Stage parse(String spec) {
      String[] parts = spec.trim().split(":");
      try {
        Stage s = new Stage(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        if (parts.length == 2 && s.rate > 0 && s.seconds > 0) {
          return s;
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        // reported below
      }
      throw new IllegalArgumentException("--stages " + spec + " is not RATE:SECONDS with both above 0, e.g. 100:5");
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  /** Keeps user names ({@code <runId>-m<n>}) within the 32 characters PROTOCOL.md allows. */
  public static final int MAX_RUN_ID = 12;
  public static final int MAX_TEXT = 2000;

  public Scenario {
    urls = List.copyOf(urls);
    sourceAddresses = List.copyOf(sourceAddresses);
    thresholds = List.copyOf(thresholds);
    stages = List.copyOf(stages);
    shapes = List.copyOf(shapes);
    if (!shapes.isEmpty()) {
      rooms = shapes.stream().mapToInt(RoomShape::count).sum();
    }
  }

  /**
   * Generator {@code index}'s share of {@code count}: every count-th room, renamed so that the
   * shares never meet ({@code <prefix>g<index>-<n>}), its own run id, its own source addresses
   * and event loops, no report files (the coordinator writes those), and the ramp divided.
   */
  public Scenario share(int index, int count, List<String> sources, int loops, Optional<Long> pid) {
    int mine = rooms / count + (index < rooms % count ? 1 : 0);
    String id = runId.substring(0, Math.min(runId.length(), MAX_RUN_ID - 2)) + "g" + index;
    return new Scenario(urls, mine, members, senders, rate, size, durationSeconds, warmupSeconds, ramp / count,
        sources, drainSeconds, roomPrefix + "g" + index + "-", id, Optional.empty(), Optional.empty(), p99BoundMs,
        pid, insecure, false, maxRateStart, maxRateSteps, loops, connectTimeoutSeconds, thresholds, Optional.empty(),
        Optional.empty(), Optional.empty(), stages, disruption.share(index, count),
        shapes.isEmpty() ? shapes : shareOf(index, count));
  }

  /** The shapes of every count-th room from {@code index}, runs of one shape kept together. */
  private List<RoomShape> shareOf(int index, int count) {
    List<RoomShape> mine = new ArrayList<>();
    int room = 0;
    for (RoomShape shape : layout()) {
      // Rooms room .. room + shape.count() - 1 have this shape; those congruent to index are ours.
      int first = room + Math.floorMod(index - room, count);
      int taken = first >= room + shape.count() ? 0 : (room + shape.count() - 1 - first) / count + 1;
      RoomShape last = mine.isEmpty() ? null : mine.get(mine.size() - 1);
      if (taken > 0 && last != null && last.members() == shape.members() && last.senders() == shape.senders()) {
        mine.set(mine.size() - 1, new RoomShape(last.count() + taken, shape.members(), shape.senders()));
      } else if (taken > 0) {
        mine.add(new RoomShape(taken, shape.members(), shape.senders()));
      }
      room += shape.count();
    }
    return mine;
  }

  /** The options that make this scenario again on the command line of another process. */
  public List<String> toArgs() {
    List<String> args = new ArrayList<>();
    describe().forEach((key, value) -> {
      if (value instanceof Boolean b) {
        if (b) {
          args.add("--" + key);
        }
      } else if (value instanceof List<?> list) {
        if (!list.isEmpty()) {
          args.add("--" + key);
          args.add(String.join(",", list.stream().map(String::valueOf).toList()));
        }
      } else {
        args.add("--" + key);
        args.add(String.valueOf(value));
      }
    });
    return args;
  }

  public String room(int index) {
    return roomPrefix + index;
  }

  /** The rooms' shapes in room order: the given ones, or {@code rooms x (members + senders)}. */
  public List<RoomShape> layout() {
    return shapes.isEmpty() ? List.of(new RoomShape(rooms, members, senders)) : shapes;
  }

  /**
   * The distinct shapes of a {@code --room-shapes} run in order ({@link RoomShape#key()}); empty
   * for a run of one shape, which is measured as a whole only.
   */
  public List<String> shapeKeys() {
    return shapes.stream().map(RoomShape::key).distinct().toList();
  }

  /** Each room's shape key, in room order; empty strings when the run has one shape. */
  public List<String> roomShapes() {
    List<String> out = new ArrayList<>(Math.max(0, rooms));
    for (RoomShape shape : layout()) {
      for (int i = 0; i < shape.count(); i++) {
        out.add(shapes.isEmpty() ? "" : shape.key());
      }
    }
    return out;
  }

  /** Connections of the whole run: those opened before the first step and those {@code --add-members} adds. */
  public int allConnections() {
    return connections() + Math.max(0, disruption.addMembers());
  }

  public int connections() {
    return layout().stream().mapToInt(s -> s.count() * s.connectionsPerRoom()).sum();
  }

  /** Senders over every room. */
  public int totalSenders() {
    return layout().stream().mapToInt(s -> s.count() * s.senders()).sum();
  }

  /** The rooms as {@code 2 rooms x (1000 members + 1 senders) + ...}, for reports. */
  public String describeRooms() {
    return String.join(" + ", layout().stream().map(s -> s.count() + " rooms x (" + s.members() + " members + "
        + s.senders() + " senders)").toList());
  }

  /** Everything wrong with this scenario, one sentence each; empty when it can run. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (urls.isEmpty()) {
      p.add("--url is required: ws://host:port/ws or wss://...");
    }
    for (URI url : urls) {
      String scheme = url.getScheme();
      if (scheme == null || !(scheme.equals("ws") || scheme.equals("wss")) || url.getHost() == null) {
        p.add("--url " + url + " is not a ws:// or wss:// URL with a host");
      }
    }
    if (rooms < 1) {
      p.add("--rooms must be at least 1");
    }
    if (shapes.isEmpty() && (members < 0 || senders < 0 || members + senders < 1)) {
      p.add("--members and --senders must not be negative, and a room needs at least one of them");
    }
    if (totalSenders() > 0 && !(rate > 0)) {
      p.add("--rate must be above 0 when there are senders");
    }
    if (size < 1 || size > MAX_TEXT) {
      p.add("--size must be from 1 to " + MAX_TEXT + " (PROTOCOL.md's longest text)");
    }
    if (!(durationSeconds > 0)) {
      p.add("--duration must be above 0 seconds");
    }
    if (!(warmupSeconds >= 0) || !(drainSeconds >= 0)) {
      p.add("--warmup and --drain must not be negative");
    }
    if (!(ramp > 0)) {
      p.add("--ramp must be above 0 connections a second");
    }
    if (runId.length() > MAX_RUN_ID || !NAME.matcher(runId).matches()) {
      p.add("--run-id must be 1 to " + MAX_RUN_ID + " letters, digits, _ or -");
    }
    String lastRoom = room(Math.max(0, rooms - 1));
    if (!NAME.matcher(roomPrefix.isEmpty() ? "0" : roomPrefix).matches() || lastRoom.length() > 64) {
      p.add("--room-prefix must be letters, digits, _ or - and leave room names of at most 64 characters");
    }
    if (!(p99BoundMs > 0)) {
      p.add("--p99-bound-ms must be above 0");
    }
    if (maxRate && (!(maxRateStart > 0) || maxRateSteps < 1)) {
      p.add("--max-rate-start must be above 0 and --max-rate-steps at least 1");
    }
    if (maxRate && !stages.isEmpty()) {
      p.add("--max-rate and --stages do not go together: the search picks its own rates");
    }
    if (maxRate && totalSenders() < 1) {
      p.add("--max-rate needs at least one sender");
    }
    if (eventLoops < 1) {
      p.add("--event-loops must be at least 1");
    }
    pushgateway.ifPresent(u -> {
      if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
        p.add("--pushgateway " + u + " is not an http:// or https:// URL");
      }
    });
    double shortest = stages.isEmpty() ? durationSeconds
        : stages.stream().mapToDouble(Stage::seconds).min().orElse(durationSeconds);
    p.addAll(disruption.problems(shortest, layout().stream().mapToInt(s -> s.count() * s.members()).sum()));
    if (maxRate && disruption.changesMembership()) {
      p.add("--max-rate does not go with --storm, --churn, --drill or --add-members: a search compares steps that"
          + " should differ only in rate");
    }
    for (Threshold t : thresholds) {
      if (t.shape().isEmpty()) {
        continue;
      }
      String known = String.join(", ", shapes.stream().map(RoomShape::toString).toList());
      if (shapes.isEmpty()) {
        p.add("--threshold " + t.expression() + " names a room shape, but the run has one shape: give --room-shapes");
      } else if (!shapeKeys().contains(t.shapeKey())
          || t.shape().contains("x") && shapes.stream().noneMatch(sh -> sh.toString().equals(t.shape()))) {
        p.add("--threshold " + t.expression() + ": no rooms of shape " + t.shape() + " in this run; its shapes are "
            + known);
      }
    }
    if (!(connectTimeoutSeconds > 0)) {
      p.add("--connect-timeout must be above 0 seconds");
    }
    return p;
  }

  /**
   * Reads {@code --source-addresses}: a count N (127.0.0.1 to 127.0.0.N, all loopback on Linux)
   * or a comma list of addresses. Blank means one client that lets the system choose.
   */
  public static List<String> sourceAddresses(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      return List.of();
    }
    if (s.matches("\\d+")) {
      int n = Integer.parseInt(s);
      if (n < 1 || n > 254) {
        throw new IllegalArgumentException("--source-addresses count must be from 1 to 254, not " + n);
      }
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        out.add("127.0.0." + i);
      }
      return out;
    }
    List<String> out = new ArrayList<>();
    for (String part : s.split(",")) {
      String a = part.trim();
      if (!a.matches("[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("--source-addresses: " + a + " is not an IP address");
      }
      out.add(a);
    }
    return out;
  }

  /** The scenario as flag name to value, for reports. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", urls.stream().map(URI::toString).toList());
    m.put("rooms", rooms);
    if (shapes.isEmpty()) {
      m.put("members", members);
      m.put("senders", senders);
    } else {
      m.put("room-shapes", shapes.stream().map(RoomShape::toString).toList());
    }
    m.put("rate", rate);
    m.put("size", size);
    m.put("duration", durationSeconds);
    m.put("warmup", warmupSeconds);
    m.put("ramp", ramp);
    m.put("source-addresses", sourceAddresses);
    m.put("drain", drainSeconds);
    m.put("room-prefix", roomPrefix);
    m.put("run-id", runId);
    m.put("p99-bound-ms", p99BoundMs);
    serverPid.ifPresent(pid -> m.put("server-pid", pid));
    m.put("insecure", insecure);
    m.put("max-rate", maxRate);
    if (maxRate) {
      m.put("max-rate-start", maxRateStart);
      m.put("max-rate-steps", maxRateSteps);
    }
    m.put("event-loops", eventLoops);
    m.put("connect-timeout", connectTimeoutSeconds);
    pushgateway.ifPresent(u -> m.put("pushgateway", u.toString()));
    if (!stages.isEmpty()) {
      m.put("stages", stages.stream().map(st -> Format.number(st.rate()) + ":" + Format.number(st.seconds())).toList());
    }
    disruption.describe(m);
    if (!thresholds.isEmpty()) {
      m.put("threshold", thresholds.stream().map(Threshold::expression).toList());
    }
    return m;
  }
}
