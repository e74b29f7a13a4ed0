package io.pulsechat.loadgen.pool;

import io.pulsechat.loadgen.scenario.RoomShape;
import io.pulsechat.loadgen.scenario.Scenario;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every worker shares: the scenario, the clients (one per source address), how many members
 * of each room are joined right now, and the rare failures, kept as a few counted messages.
 */
final class PoolPlan {
  /** Distinct failure messages kept for the report; more are counted under "other". */
  private static final int MAX_MESSAGES = 20;

  private final Scenario scenario;
  private final List<WebSocketClient> clients;
  private final byte[] runIdBytes;
  private final String text;
  private final AtomicIntegerArray joinedByRoom;
  /** Each room's first sender in the run's numbering; a room's senders are numbered on from it. */
  private final int[] firstSender;
  /** Each room's index into {@link Scenario#shapeKeys()}, or -1 in a run of one shape. */
  private final int[] shapeOfRoom;
  /** Recent changes of {@link #joinedByRoom} (time, room, delta), oldest first; kept only when members drop and rejoin. */
  private final java.util.ArrayDeque<long[]> changes = new java.util.ArrayDeque<>();
  /** Longer than any send is late: a send later than this owes its message to the members joined now. */
  private static final long CHANGES_KEPT_MICROS = 120_000_000L;
  private final Map<String, LongAdder> connectErrors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> joinErrors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> closeStatuses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errorsOutsideSteps = new ConcurrentHashMap<>();

  private final TokenMinter tokens;
  /** First joins' connect latency, recorded on every loop; {@link #connectTotal} accumulates what is read. */
  private final org.HdrHistogram.Recorder connectLatency = new org.HdrHistogram.Recorder(3);
  private final org.HdrHistogram.Histogram connectTotal = new org.HdrHistogram.Histogram(3);
  private final java.util.concurrent.atomic.LongAccumulator firstAttempt =
      new java.util.concurrent.atomic.LongAccumulator(Math::min, Long.MAX_VALUE);
  private final java.util.concurrent.atomic.LongAccumulator lastJoin =
      new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);

  /** {@code tokens} null: connect without a token (a gateway in open mode). */
  PoolPlan(Scenario scenario, List<WebSocketClient> clients, TokenMinter tokens) {
    this.tokens = tokens;
    this.scenario = scenario;
    this.clients = clients;
    this.runIdBytes = scenario.runId().getBytes(StandardCharsets.US_ASCII);
    this.text = filler(scenario.size());
    this.joinedByRoom = new AtomicIntegerArray(scenario.rooms());
    this.firstSender = new int[scenario.rooms()];
    this.shapeOfRoom = new int[scenario.rooms()];
    List<String> keys = scenario.shapeKeys();
    List<String> roomShapes = scenario.roomShapes();
    int room = 0;
    int sender = 0;
    for (RoomShape shape : scenario.layout()) {
      for (int i = 0; i < shape.count(); i++, room++) {
        firstSender[room] = sender;
        sender += shape.senders();
        shapeOfRoom[room] = keys.indexOf(roomShapes.get(room));
      }
    }
  }

  /** The room's index into the run's shapes, -1 when the run has one shape. */
  int shapeOf(int room) {
    return shapeOfRoom[room];
  }

  /** ASCII words, {@code size} bytes, no white space at either end (the server trims it). */
  static String filler(int size) {
    String words = "the quick load test message measures fan out latency ";
    StringBuilder b = new StringBuilder(size);
    while (b.length() < size) {
      b.append(words);
    }
    b.setLength(size);
    for (int i = b.length() - 1; i >= 0 && b.charAt(i) == ' '; i--) {
      b.setCharAt(i, '.');
    }
    if (b.charAt(0) == ' ') {
      b.setCharAt(0, '.');
    }
    return b.toString();
  }

  WebSocketClient client(int source) {
    return clients.get(source);
  }

  /** {@code user}'s connection to URL number {@code url}, with its token when the run mints them. */
  WebSocketConnectOptions connectOptions(int url, String user) {
    URI uri = scenario.urls().get(url);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(uri.toString())
        .setConnectTimeout((long) (scenario.connectTimeoutSeconds() * 1000));
    if (tokens != null) {
      options.addHeader("Authorization", "Bearer " + tokens.mint(user));
    }
    if (options.getURI() == null || options.getURI().isEmpty()) {
      options.setURI("/");
    }
    return options;
  }

  long joinTimeoutMs() {
    return (long) (scenario.connectTimeoutSeconds() * 1000);
  }

  String roomName(int room) {
    return scenario.room(room);
  }

  String runId() {
    return scenario.runId();
  }

  byte[] runIdBytes() {
    return runIdBytes;
  }

  String text() {
    return text;
  }

  io.pulsechat.loadgen.scenario.Disruption disruption() {
    return scenario.disruption();
  }

  int urls() {
    return scenario.urls().size();
  }

  int workers() {
    return scenario.eventLoops();
  }

  /** The run's number of the room's first sender. */
  int firstSender(int room) {
    return firstSender[room];
  }

  int senders() {
    return scenario.totalSenders();
  }

  /** A member joined ({@code +1}) or left ({@code -1}) its room at {@code atMicros}. */
  void roomChange(int room, int delta, long atMicros) {
    if (!scenario.disruption().changesMembership()) {
      joinedByRoom.addAndGet(room, delta);
      return;
    }
    synchronized (changes) {
      joinedByRoom.addAndGet(room, delta);
      changes.addLast(new long[] {atMicros, room, delta});
      while (changes.peekFirst()[0] < atMicros - CHANGES_KEPT_MICROS) {
        changes.removeFirst();
      }
    }
  }

  /**
   * The members of {@code room} joined at {@code micros}, a send's scheduled time: with members
   * dropping and rejoining, a send handled a little late must owe its message to those joined
   * when it was due, as each member judges by the same times what it was owed.
   */
  int joinedAt(int room, long micros) {
    if (!scenario.disruption().changesMembership()) {
      return joinedByRoom.get(room);
    }
    synchronized (changes) {
      int n = joinedByRoom.get(room);
      for (var it = changes.descendingIterator(); it.hasNext(); ) {
        long[] c = it.next();
        if (c[0] <= micros) {
          break;
        }
        if (c[1] == room) {
          n -= (int) c[2];
        }
      }
      return n;
    }
  }

  int[] joinedByRoom() {
    int[] out = new int[joinedByRoom.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = joinedByRoom.get(i);
    }
    return out;
  }

  /** A connection's first attempt began at {@code micros}. */
  void connectAttempted(long micros) {
    firstAttempt.accumulate(micros);
  }

  /** A connection joined for the first time at {@code micros}, {@code latencyMicros} after its first attempt. */
  void firstJoined(long latencyMicros, long micros) {
    connectLatency.recordValue(Math.max(0, latencyMicros));
    lastJoin.accumulate(micros);
  }

  synchronized io.pulsechat.loadgen.stats.ConnectPhase connectPhase() {
    connectTotal.add(connectLatency.getIntervalHistogram());
    long first = firstAttempt.get();
    return new io.pulsechat.loadgen.stats.ConnectPhase(connectTotal.copy(), first == Long.MAX_VALUE ? 0 : first,
        lastJoin.get());
  }

  void connectError(Throwable cause) {
    String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    count(connectErrors, message);
  }

  /** An error on an open socket; the close that usually follows is counted apart. */
  void socketError(Throwable cause) {
    count(connectErrors, "after connecting: " + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
  }

  void joinError(String message) {
    count(joinErrors, message);
  }

  void disconnected(Short status) {
    count(closeStatuses, status == null ? "none" : Short.toString(status));
  }

  void errorOutsideSteps(String code) {
    count(errorsOutsideSteps, code);
  }

  Map<String, Long> connectErrors() {
    return snapshot(connectErrors);
  }

  Map<String, Long> joinErrors() {
    return snapshot(joinErrors);
  }

  Map<String, Long> closeStatuses() {
    return snapshot(closeStatuses);
  }

  Map<String, Long> errorsOutsideSteps() {
    return snapshot(errorsOutsideSteps);
  }

  private static void count(Map<String, LongAdder> into, String message) {
    String key = into.size() < MAX_MESSAGES || into.containsKey(message) ? message : "other";
    into.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> from) {
    Map<String, Long> out = new TreeMap<>();
    from.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
