package io.pulsechat.loadgen.pool;

import io.pulsechat.loadgen.stats.OrderDigest;
import io.pulsechat.loadgen.stats.SeqTracker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;

/**
 * One connection of the pool: a member of one room, receive-only or also a sender. All of its
 * state belongs to its {@link Worker}'s event loop.
 */
final class Member {
  final int index;
  final int room;
  final String user;
  /** The sender's index in the whole run, or -1 for a receive-only member. */
  final int sender;
  int url;
  final int source;
  /** What this member has seen of each sender of its room, by the sender's index in the room. */
  final SeqTracker[] bySender;

  WebSocket socket;
  boolean joined;
  boolean closing;
  long joinTimer = -1;
  /** Monotonic micros of the first connect attempt, for the connect phase's latency. */
  long firstAttemptMicros;
  /** When it first joined; messages due before are owed to it by nobody's count. -1 before. */
  long firstJoinedMicros = -1;
  /** Connects during a step ({@code --add-members}), not in the run's connect phase. */
  boolean late;

  long windowReceived;
  long digest = OrderDigest.EMPTY;

  long seq;
  long sentThisStep;
  double phaseMicros;
  String framePrefix;

  /** The server id of the newest message seen, kept only when members may have to catch up. */
  String lastId;
  /** Monotonic micros when this member lost its room (dropped, left or closed by the server); -1 while in it. */
  long awaySinceMicros = -1;
  /** When it last lost its room: history messages sent before this were owed to it. */
  long droppedAtMicros = -1;
  /** When it last joined again; -1 before any rejoin. */
  long rejoinedAtMicros = -1;
  /** Dropped or leaving on purpose (storm, churn): not a disconnect, and it comes back. */
  boolean dropping;
  /** Lost its room during the current step. */
  boolean disrupted;
  long holesAtDrop;
  int historyPages;

  /** A message split over several frames, while its last frame is awaited. */
  private Buffer partial;

  Member(int index, int room, String user, int sender, int url, int source, int sendersPerRoom) {
    this.index = index;
    this.room = room;
    this.user = user;
    this.sender = sender;
    this.url = url;
    this.source = source;
    this.bySender = new SeqTracker[sendersPerRoom];
    for (int i = 0; i < sendersPerRoom; i++) {
      bySender[i] = new SeqTracker();
    }
  }

  boolean isSender() {
    return sender >= 0;
  }

  /** Hands whole messages to {@code worker}; servers rarely fragment, so the common case copies nothing. */
  void onFrame(WebSocketFrame frame, Worker worker) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return;
    }
    if (frame.isFinal() && partial == null) {
      worker.onMessage(this, frame.binaryData());
      return;
    }
    if (partial == null) {
      partial = Buffer.buffer();
    }
    partial.appendBuffer(frame.binaryData());
    if (frame.isFinal()) {
      Buffer whole = partial;
      partial = null;
      worker.onMessage(this, whole);
    }
  }

  long holes() {
    long h = 0;
    for (SeqTracker t : bySender) {
      h += t.holes();
    }
    return h;
  }

  /**
   * Whether a message sent at {@code sendMicros} was owed to this member: the run counts a
   * member out of its room from its drop until it joined again.
   */
  boolean owed(long sendMicros) {
    if (firstJoinedMicros < 0 || sendMicros < firstJoinedMicros) {
      // Sent before it was in the room: a member added mid-run is owed what comes after its join.
      return false;
    }
    if (droppedAtMicros < 0 || sendMicros < droppedAtMicros) {
      return true;
    }
    return awaySinceMicros < 0 && rejoinedAtMicros >= droppedAtMicros && sendMicros >= rejoinedAtMicros;
  }

  /** Ids sort as strings in the order of the room (PROTOCOL.md). */
  void seen(String id) {
    if (id != null && (lastId == null || id.compareTo(lastId) > 0)) {
      lastId = id;
    }
  }

  void beginStep() {
    windowReceived = 0;
    digest = OrderDigest.EMPTY;
    sentThisStep = 0;
  }
}
