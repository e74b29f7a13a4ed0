package io.pulsechat.loadgen.pool;

import io.pulsechat.loadgen.stats.MemberOutcome;
import io.pulsechat.loadgen.stats.OrderDigest;
import io.pulsechat.loadgen.stats.SeqTracker;
import io.pulsechat.loadgen.stats.WorkerStats;
import io.pulsechat.loadgen.stats.Step;
import io.pulsechat.loadgen.wire.ClientMsgId;
import io.pulsechat.loadgen.wire.FrameKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.DecodeException;
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

  private final PoolPlan plan;
  private final List<Member> members = new ArrayList<>();
  private final List<Member> senders = new ArrayList<>();
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

  Worker(PoolPlan plan) {
    this.plan = plan;
  }

  void add(Member member) {
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
    long begin = System.nanoTime();
    int[] started = {0};
    vertx.setPeriodic(0, RAMP_TICK_MS, id -> {
      double elapsed = (System.nanoTime() - begin) / 1e9;
      long due = Math.min(members.size(), (long) Math.ceil(elapsed * perSecond));
      while (started[0] < due) {
        connect(members.get(started[0]++));
      }
      if (started[0] >= members.size()) {
        vertx.cancelTimer(id);
      }
    });
  }

  private void connect(Member m) {
    plan.client(m.source).connect(plan.connectOptions(m.url, m.user)).onComplete(ar -> {
      if (ar.failed()) {
        connectFailures++;
        plan.connectError(ar.cause());
        return;
      }
      connected++;
      WebSocket ws = ar.result();
      m.socket = ws;
      ws.frameHandler(frame -> m.onFrame(frame, this));
      ws.exceptionHandler(plan::socketError);
      ws.closeHandler(v -> onClose(m));
      m.joinTimer = vertx.setTimer(plan.joinTimeoutMs(), t -> {
        m.joinTimer = -1;
        if (!m.joined) {
          joinFailures++;
          plan.joinError("no joined frame within " + plan.joinTimeoutMs() + " ms");
          m.closing = true;
          ws.close();
        }
      });
      ws.writeTextMessage(new JsonObject().put("type", "join").put("room", plan.roomName(m.room))
          .put("user", m.user).encode());
    });
  }

  private void onClose(Member m) {
    if (m.joinTimer >= 0) {
      vertx.cancelTimer(m.joinTimer);
      m.joinTimer = -1;
    }
    if (m.joined) {
      m.joined = false;
      plan.roomLeft(m.room);
      joined--;
      if (!m.closing) {
        plan.disconnected(m.socket.closeStatusCode());
        if (stats != null) {
          stats.disconnects++;
        }
      }
    } else if (!m.closing) {
      joinFailures++;
      plan.joinError("closed before joined, status " + m.socket.closeStatusCode());
    }
  }

  void onMessage(Member m, Buffer frame) {
    switch (FrameKind.of(frame)) {
      case MESSAGE -> {
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
    int inRoom = d.sender - m.room * plan.sendersPerRoom();
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
    if (!step.inWindow(d.sendMicros)) {
      return;
    }
    if (arrival == SeqTracker.Arrival.DUPLICATE) {
      s.duplicates++;
      return;
    }
    if (arrival == SeqTracker.Arrival.OUT_OF_ORDER) {
      s.outOfOrder++;
    }
    s.received++;
    s.roomReceived[m.room]++;
    m.windowReceived++;
    m.digest = OrderDigest.next(m.digest, inRoom, d.seq);
    s.latency.recordValue(Math.max(0, now - d.sendMicros));
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
      case "joined" -> onJoined(m);
      case "error" -> onError(m, json.getString("code", "unknown"), json.getString("ref", ""));
      case "message", "ack" -> {
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

  private void onJoined(Member m) {
    if (m.joined) {
      return;
    }
    if (m.joinTimer >= 0) {
      vertx.cancelTimer(m.joinTimer);
      m.joinTimer = -1;
    }
    m.joined = true;
    joined++;
    joinsCompleted++;
    plan.roomJoined(m.room);
  }

  private void onError(Member m, String code, String ref) {
    if (stats != null) {
      stats.error(code);
    } else {
      plan.errorOutsideSteps(code);
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
      long owed = plan.joinedIn(m.room);
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
      long owed = plan.joinedIn(m.room);
      s.sentInWindow++;
      s.expected += owed;
      s.roomExpected[m.room] += owed;
      s.roomMessages[m.room]++;
      s.sendLagMaxMicros = Math.max(s.sendLagMaxMicros, now - due);
    }
  }

  /** Stops the step: later deliveries are not counted; returns what each member received. */
  List<MemberOutcome> endStep() {
    if (sendTimer >= 0) {
      vertx.cancelTimer(sendTimer);
      sendTimer = -1;
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
    return null;
  }

  Future<Void> closeAll() {
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
