package io.pulsechat.loadgen.pool;

import io.pulsechat.loadgen.scenario.Disruption;
import io.pulsechat.loadgen.stats.MemberOutcome;
import io.pulsechat.loadgen.stats.OrderDigest;
import io.pulsechat.loadgen.stats.SeqTracker;
import io.pulsechat.loadgen.stats.WorkerStats;
import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.wire.ClientMsgId;
import io.pulsechat.loadgen.wire.FrameKind;
import io.pulsechat.loadgen.wire.MessageId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One event loop's share of the pool: its members' sockets, their sends and every delivery
 * they receive. Deliveries are measured on the loop that read them, into this loop's
 * {@link WorkerStats}, so no two loops touch the same counter.
 */
final class Worker extends VerticleBase {
  private static final long SEND_TICK_MS = 1;
  private static final long RAMP_TICK_MS = 10;
  /** Pause before a reconnect after the server closed a member, and between failed attempts. */
  private static final long RETRY_MS = 250;
  /** Pages of {@code history after} one rejoin may ask for (each up to 200 messages, PROTOCOL.md's most). */
  private static final int MAX_HISTORY_PAGES = 20;
  private static final int HISTORY_LIMIT = 200;

  private final PoolPlan plan;
  private final List<Member> members = new ArrayList<>();
  private final List<Member> senders = new ArrayList<>();
  /** Members that connect during the first step ({@code --add-members}); they join {@link #members} as they start. */
  private final List<Member> late = new ArrayList<>();
  private boolean lateStarted;
  private long lateTimer = -1;
  private final ClientMsgId.Decoded decoded = new ClientMsgId.Decoded();

  volatile long connected;
  volatile long connectFailures;
  volatile long joined;
  /** Joins ever completed; unlike {@link #joined} it never goes down. */
  volatile long joinsCompleted;
  volatile long joinFailures;

  private Step step;
  private WorkerStats stats;
  private long sendTimer = -1;
  private long stormTimer = -1;
  /** Time a churned member is given to join again, past its time away, before the window closes. */
  private static final double CHURN_RETURN_SECONDS = 1;
  private long churnTimer = -1;
  private int churnCursor;
  private boolean shuttingDown;

  Worker(PoolPlan plan) {
    this.plan = plan;
  }

  void add(Member member) {
    if (member.late) {
      late.add(member);
      return;
    }
    members.add(member);
    if (member.isSender()) {
      senders.add(member);
    }
  }

  int size() {
    return members.size();
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }

  /** Runs {@code task} on this worker's event loop. */
  <T> Future<T> call(Callable<T> task) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        promise.complete(task.call());
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Opens this worker's connections at {@code perSecond}, on this loop. */
  void ramp(double perSecond) {
    ramp(List.copyOf(members), perSecond, 0);
  }

  /** Connects {@code list} at {@code perSecond}, starting {@code delayMs} from now; returns the timer. */
  private long ramp(List<Member> list, double perSecond, long delayMs) {
    long begin = System.nanoTime() + delayMs * 1_000_000;
    int[] started = {0};
    return vertx.setPeriodic(Math.max(0, delayMs), RAMP_TICK_MS, id -> {
      double elapsed = (System.nanoTime() - begin) / 1e9;
      long due = Math.min(list.size(), (long) Math.ceil(elapsed * perSecond));
      while (started[0] < due && !shuttingDown) {
        Member m = list.get(started[0]++);
        if (m.late) {
          // In the pool from its first attempt: storms, churn and the step's outcomes see it from then on.
          members.add(m);
        }
        connect(m);
      }
      if (started[0] >= list.size() || shuttingDown) {
        vertx.cancelTimer(id);
      }
    });
  }

  private void connect(Member m) {
    boolean again = m.awaySinceMicros >= 0;
    if (!again) {
      m.firstAttemptMicros = ClientMsgId.nowMicros();
      if (!m.late) {
        plan.connectAttempted(m.firstAttemptMicros);
      } else if (stats != null) {
        stats.addAttempted(m.firstAttemptMicros);
      }
    }
    plan.client(m.source).connect(plan.connectOptions(m.url, m.user)).onComplete(ar -> {
      if (ar.failed()) {
        if (again) {
          reconnectFailed(m);
        } else {
          connectFailures++;
          plan.connectError(ar.cause());
        }
        return;
      }
      if (!again) {
        connected++;
      }
      WebSocket ws = ar.result();
      m.socket = ws;
      ws.frameHandler(frame -> m.onFrame(frame, this));
      ws.exceptionHandler(plan::socketError);
      ws.closeHandler(v -> onClose(m));
      join(m);
    });
  }

  private void join(Member m) {
    WebSocket ws = m.socket;
    m.joinTimer = vertx.setTimer(plan.joinTimeoutMs(), t -> {
      m.joinTimer = -1;
      if (!m.joined && m.awaySinceMicros >= 0) {
        // A rejoin that does not come through: closed, and the close retries.
        ws.close();
      } else if (!m.joined) {
        joinFailures++;
        plan.joinError("no joined frame within " + plan.joinTimeoutMs() + " ms");
        m.closing = true;
        ws.close();
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "join").put("room", plan.roomName(m.room))
        .put("user", m.user).encode());
  }

  private void onClose(Member m) {
    if (m.joinTimer >= 0) {
      vertx.cancelTimer(m.joinTimer);
      m.joinTimer = -1;
    }
    if (m.dropping) {
      // Dropped by a storm: back at once, to the same URL.
      m.dropping = false;
      reconnect(m, 0);
    } else if (m.joined) {
      long now = ClientMsgId.nowMicros();
      leftRoom(m, now);
      if (!m.closing) {
        plan.disconnected(m.socket.closeStatusCode());
        if (stats != null) {
          stats.disconnects++;
        }
        if (plan.disruption().any() && !shuttingDown) {
          // Closed by the server (a gateway of the fleet went away): as a user's client, try the next URL.
          lostRoom(m, now);
          m.url = (m.url + 1) % plan.urls();
          reconnect(m, RETRY_MS);
        }
      }
    } else if (m.awaySinceMicros >= 0 && !m.closing) {
      reconnectFailed(m);
    } else if (!m.closing) {
      joinFailures++;
      plan.joinError("closed before joined, status " + m.socket.closeStatusCode());
    }
  }

  private void leftRoom(Member m, long now) {
    m.joined = false;
    plan.roomChange(m.room, -1, now);
    joined--;
  }

  /** From now on this member is owed nothing live, and will ask for what it missed when back. */
  private void lostRoom(Member m, long now) {
    m.awaySinceMicros = now;
    m.droppedAtMicros = now;
    m.disrupted = true;
    m.holesAtDrop = m.holes();
    if (stats != null) {
      stats.dropped(now);
    }
  }

  private void reconnectFailed(Member m) {
    if (stats != null) {
      stats.reconnectFailures++;
    }
    m.url = (m.url + 1) % plan.urls();
    reconnect(m, RETRY_MS);
  }

  private void reconnect(Member m, long delayMs) {
    if (shuttingDown) {
      return;
    }
    if (delayMs <= 0) {
      connect(m);
    } else {
      vertx.setTimer(delayMs, t -> {
        if (!shuttingDown) {
          connect(m);
        }
      });
    }
  }

  /** A storm drops the member (closes its socket); churn has it leave its room. Either way it comes back. */
  private void drop(Member m, boolean leave) {
    if (!m.joined || m.awaySinceMicros >= 0 || m.socket == null) {
      return;
    }
    long now = ClientMsgId.nowMicros();
    leftRoom(m, now);
    lostRoom(m, now);
    m.dropping = true;
    if (leave) {
      m.socket.writeTextMessage(new JsonObject().put("type", "leave").put("room", plan.roomName(m.room)).encode());
    } else {
      m.socket.close();
    }
  }

  /** The {@code left} answer to a churn leave: join again after the time away. */
  private void onLeft(Member m) {
    if (!m.dropping || m.awaySinceMicros < 0) {
      return;
    }
    m.dropping = false;
    long away = (long) (plan.disruption().churnAwaySeconds() * 1000);
    vertx.setTimer(Math.max(1, away), t -> {
      if (!shuttingDown && m.socket != null && !m.socket.isClosed()) {
        join(m);
      }
    });
  }

  void onMessage(Member m, Buffer frame) {
    switch (FrameKind.of(frame)) {
      case MESSAGE -> {
        if (m.awaySinceMicros < 0 && plan.disruption().any()) {
          m.seen(MessageId.find(frame));
        }
        if (ClientMsgId.find(frame, plan.runIdBytes(), decoded)) {
          onDelivery(m, decoded);
        } else if (stats != null) {
          stats.foreign++;
        }
      }
      case ACK -> {
        if (ClientMsgId.find(frame, plan.runIdBytes(), decoded)) {
          onAck(decoded);
        }
      }
      default -> onOtherFrame(m, frame);
    }
  }

  private void onDelivery(Member m, ClientMsgId.Decoded d) {
    long now = ClientMsgId.nowMicros();
    WorkerStats s = stats;
    int inRoom = d.sender - plan.firstSender(m.room);
    if (inRoom < 0 || inRoom >= m.bySender.length) {
      if (s != null) {
        s.foreign++;
      }
      return;
    }
    SeqTracker.Arrival arrival = m.bySender[inRoom].accept(d.seq);
    if (s == null) {
      return;
    }
    s.deliveries++;
    int shape = plan.shapeOf(m.room);
    if (shape >= 0) {
      s.shapeDeliveries[shape]++;
    }
    if (!step.inWindow(d.sendMicros) || !m.owed(d.sendMicros)) {
      // Not measured: sent outside the window, or while this member was counted out of its room.
      return;
    }
    if (arrival == SeqTracker.Arrival.DUPLICATE) {
      s.duplicates++;
      return;
    }
    if (arrival == SeqTracker.Arrival.READ_IN_HISTORY) {
      // Read from history while storage held it and the room had not yet broadcast it: the
      // overlap of history and live that a client drops by id, not a second delivery.
      s.overlap++;
      return;
    }
    if (arrival == SeqTracker.Arrival.OUT_OF_ORDER) {
      s.outOfOrder++;
    }
    s.received++;
    s.roomReceived[m.room]++;
    m.windowReceived++;
    m.digest = OrderDigest.next(m.digest, inRoom, d.seq);
    long latency = Math.max(0, now - d.sendMicros);
    s.latency.recordValue(latency);
    if (shape >= 0) {
      s.shapeLatency[shape].recordValue(latency);
    }
  }

  private void onAck(ClientMsgId.Decoded d) {
    WorkerStats s = stats;
    if (s != null) {
      s.ackFrames++;
    }
    if (s != null && step.inWindow(d.sendMicros)) {
      s.acks++;
      s.ackLatency.recordValue(Math.max(0, ClientMsgId.nowMicros() - d.sendMicros));
    }
  }

  /** Every frame but message and ack: rare, so a JSON parse is fine here. */
  private void onOtherFrame(Member m, Buffer frame) {
    JsonObject json;
    try {
      json = frame.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      plan.joinError("unreadable frame from the server");
      return;
    }
    String type = json.getString("type", "");
    switch (type) {
      case "joined" -> onJoined(m, json);
      case "left" -> onLeft(m);
      case "history" -> onHistory(m, json);
      case "error" -> onError(m, json.getString("code", "unknown"), json.getString("ref", ""));
      case "message", "ack" -> {
        if (type.equals("message") && m.awaySinceMicros < 0 && plan.disruption().any()) {
          m.seen(json.getString("id"));
        }
        if (ClientMsgId.decode(json.getString("clientMsgId", ""), plan.runIdBytes(), decoded)) {
          if (type.equals("ack")) {
            onAck(decoded);
          } else {
            onDelivery(m, decoded);
          }
        } else if (type.equals("message") && stats != null) {
          stats.foreign++;
        }
      }
      default -> {
        // presence, members, mood, pong: not measured
      }
    }
  }

  private void onJoined(Member m, JsonObject json) {
    if (m.joined) {
      return;
    }
    if (m.joinTimer >= 0) {
      vertx.cancelTimer(m.joinTimer);
      m.joinTimer = -1;
    }
    long now = ClientMsgId.nowMicros();
    m.joined = true;
    joined++;
    plan.roomChange(m.room, 1, now);
    if (m.awaySinceMicros < 0) {
      joinsCompleted++;
      m.firstJoinedMicros = now;
      if (!m.late) {
        plan.firstJoined(now - m.firstAttemptMicros, now);
      } else if (stats != null) {
        stats.addJoined(now, now - m.firstAttemptMicros);
      }
      return;
    }
    if (stats != null) {
      stats.rejoined(now, now - m.awaySinceMicros);
    }
    m.awaySinceMicros = -1;
    m.rejoinedAtMicros = now;
    // What the member missed: first the joined frame's latest messages, then history after the last one it saw.
    String resumeFrom = m.lastId;
    recover(m, json.getJsonArray("history"));
    if (resumeFrom != null) {
      m.historyPages = 0;
      askHistoryAfter(m, resumeFrom);
    }
  }

  private void askHistoryAfter(Member m, String id) {
    m.historyPages++;
    m.socket.writeTextMessage(new JsonObject().put("type", "history").put("room", plan.roomName(m.room))
        .put("after", id).put("limit", HISTORY_LIMIT).encode());
  }

  private void onHistory(Member m, JsonObject json) {
    JsonArray messages = json.getJsonArray("messages");
    recover(m, messages);
    if (json.getBoolean("more", false) && messages != null && !messages.isEmpty()
        && m.historyPages < MAX_HISTORY_PAGES && m.joined) {
      Object last = messages.getValue(messages.size() - 1);
      if (last instanceof JsonObject o && o.getString("id") != null) {
        askHistoryAfter(m, o.getString("id"));
      }
    }
  }

  /**
   * Messages a rejoined member reads from history: those it had not seen are recovered, and count
   * as received when they were owed to it (sent in the window before it was counted out of its room).
   */
  private void recover(Member m, JsonArray messages) {
    WorkerStats s = stats;
    if (messages == null) {
      return;
    }
    for (Object o : messages) {
      if (!(o instanceof JsonObject msg)) {
        continue;
      }
      m.seen(msg.getString("id"));
      if (!ClientMsgId.decode(msg.getString("clientMsgId", ""), plan.runIdBytes(), decoded)) {
        continue;
      }
      int inRoom = decoded.sender - plan.firstSender(m.room);
      if (inRoom < 0 || inRoom >= m.bySender.length) {
        continue;
      }
      SeqTracker.Arrival arrival = m.bySender[inRoom].acceptFromHistory(decoded.seq);
      if (s == null) {
        continue;
      }
      if (arrival == SeqTracker.Arrival.DUPLICATE) {
        s.overlap++;
        continue;
      }
      s.recovered++;
      if (step.inWindow(decoded.sendMicros) && m.owed(decoded.sendMicros)) {
        s.received++;
        s.roomReceived[m.room]++;
      }
    }
  }

  private void onError(Member m, String code, String ref) {
    if (stats != null) {
      stats.error(code);
    } else {
      plan.errorOutsideSteps(code);
    }
    if (!m.joined && "join".equals(ref) && m.awaySinceMicros >= 0) {
      // A rejoin refused: closed, and the close retries.
      m.socket.close();
      return;
    }
    if (!m.joined && "join".equals(ref)) {
      joinFailures++;
      plan.joinError("join refused: " + code);
      m.closing = true;
      m.socket.close();
      return;
    }
    if (stats != null && ClientMsgId.decode(ref, plan.runIdBytes(), decoded) && step.inWindow(decoded.sendMicros)) {
      // A refused send is never broadcast: it is owed to nobody.
      long owed = plan.joinedAt(m.room, decoded.sendMicros);
      stats.refused++;
      stats.expected -= owed;
      stats.roomExpected[m.room] -= owed;
      stats.roomMessages[m.room]--;
    }
  }

  /** Starts sending on the open-loop schedule of {@code next}, counting into {@code into}. */
  void beginStep(Step next, WorkerStats into) {
    step = next;
    stats = into;
    double interval = 1e6 / next.ratePerSender();
    int total = plan.senders();
    for (Member m : members) {
      m.beginStep();
    }
    for (Member m : senders) {
      // Senders are spread over one interval so that a room's messages do not leave in bursts.
      m.phaseMicros = interval * m.sender / Math.max(1, total);
      if (m.framePrefix == null) {
        m.framePrefix = "{\"type\":\"send\",\"room\":\"" + plan.roomName(m.room) + "\",\"text\":\"" + plan.text()
            + "\",\"clientMsgId\":\"";
      }
    }
    if (!senders.isEmpty()) {
      sendTimer = vertx.setPeriodic(SEND_TICK_MS, id -> sendDue(interval));
    }
    Disruption d = plan.disruption();
    long toWindowMs = Math.max(1, (next.windowStartMicros() - ClientMsgId.nowMicros()) / 1000);
    if (!lateStarted && !late.isEmpty()) {
      // The connect ramp of --add-members: once, in the first step, while messages flow.
      lateStarted = true;
      into.addTarget = late.size();
      lateTimer = ramp(late, d.addPerSecond() / plan.workers(), toWindowMs + (long) (d.addAtSeconds() * 1000));
    }
    if (d.storm()) {
      stormTimer = vertx.setTimer(toWindowMs + (long) (d.stormAtSeconds() * 1000), t -> {
        stormTimer = -1;
        storm(d.stormPercent());
      });
    }
    if (d.churn()) {
      double perSecond = d.churnPerSecond() / plan.workers();
      long[] left = {0};
      // The last leave comes early enough that its member is back before the window closes:
      // the drain waits for what joined members are owed, not for members still away.
      long lastLeaveMicros = next.windowEndMicros() - (long) ((d.churnAwaySeconds() + CHURN_RETURN_SECONDS) * 1e6);
      churnTimer = vertx.setPeriodic(toWindowMs, RAMP_TICK_MS, id -> {
        long now = ClientMsgId.nowMicros();
        if (now >= lastLeaveMicros) {
          vertx.cancelTimer(id);
          churnTimer = -1;
          return;
        }
        long due = (long) Math.ceil((now - next.windowStartMicros()) / 1e6 * perSecond);
        while (left[0] < due) {
          left[0]++;
          churnOne();
        }
      });
    }
  }

  /**
   * Drops {@code percent} of this loop's receive-only members at once, evenly spaced over them
   * (the k-th goes when k x percent crosses a whole hundred), so every room loses its share.
   */
  private void storm(double percent) {
    long k = 0;
    boolean senders = plan.disruption().senders();
    for (Member m : members) {
      if (m.isSender() && !senders) {
        continue;
      }
      k++;
      if (Math.floor(k * percent / 100) > Math.floor((k - 1) * percent / 100)) {
        drop(m, false);
      }
    }
  }

  /** The next receive-only member in the room, round the loop's members, leaves. */
  private void churnOne() {
    for (int tried = 0; tried < members.size(); tried++) {
      Member m = members.get(churnCursor++ % members.size());
      if ((!m.isSender() || plan.disruption().senders()) && m.joined && m.awaySinceMicros < 0) {
        drop(m, true);
        return;
      }
    }
  }

  private void sendDue(double interval) {
    long now = ClientMsgId.nowMicros();
    Step st = step;
    WorkerStats s = stats;
    for (Member m : senders) {
      while (true) {
        long due = st.startMicros() + (long) (m.phaseMicros + m.sentThisStep * interval);
        if (due > now || due >= st.windowEndMicros()) {
          break;
        }
        m.sentThisStep++;
        send(m, due, now, st, s);
      }
    }
  }

  private void send(Member m, long due, long now, Step st, WorkerStats s) {
    boolean window = st.inWindow(due);
    if (m.socket == null || !m.joined) {
      s.sendFailures++;
      return;
    }
    long seq = m.seq++;
    String frame = m.framePrefix + ClientMsgId.encode(plan.runId(), m.sender, seq, due) + "\"}";
    m.socket.writeTextMessage(frame).onFailure(e -> s.sendFailures++);
    s.sent++;
    if (window) {
      // Owed to every member of the room joined now, the sender itself included.
      long owed = plan.joinedAt(m.room, due);
      s.sentInWindow++;
      s.expected += owed;
      s.roomExpected[m.room] += owed;
      s.roomMessages[m.room]++;
      s.sendLagMaxMicros = Math.max(s.sendLagMaxMicros, now - due);
    }
  }

  /** Stops the step: later deliveries are not counted; returns what each member received. */
  List<MemberOutcome> endStep() {
    stopSending();
    WorkerStats s = stats;
    for (Member m : members) {
      if (s == null) {
        break;
      }
      if (m.disrupted) {
        s.unrecovered += Math.max(0, m.holes() - m.holesAtDrop);
        m.disrupted = false;
      }
      if (m.awaySinceMicros >= 0) {
        s.stillAway++;
      }
    }
    step = null;
    stats = null;
    List<MemberOutcome> out = new ArrayList<>(members.size());
    for (Member m : members) {
      if (m.joined) {
        out.add(new MemberOutcome(m.room, m.windowReceived, m.digest));
      }
    }
    return out;
  }

  /** Stops sending new messages; deliveries keep being counted until {@link #endStep()}. */
  Void stopSending() {
    if (sendTimer >= 0) {
      vertx.cancelTimer(sendTimer);
      sendTimer = -1;
    }
    if (stormTimer >= 0) {
      vertx.cancelTimer(stormTimer);
      stormTimer = -1;
    }
    if (churnTimer >= 0) {
      vertx.cancelTimer(churnTimer);
      churnTimer = -1;
    }
    return null;
  }

  Future<Void> closeAll() {
    shuttingDown = true;
    if (lateTimer >= 0) {
      vertx.cancelTimer(lateTimer);
    }
    List<Future<Void>> closing = new ArrayList<>();
    for (Member m : members) {
      if (m.socket != null && !m.socket.isClosed()) {
        m.closing = true;
        closing.add(m.socket.close());
      }
    }
    return Future.join(closing).mapEmpty();
  }
}
