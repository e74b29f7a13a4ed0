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
  final int url;
  final int source;
  /** What this member has seen of each sender of its room, by the sender's index in the room. */
  final SeqTracker[] bySender;

  WebSocket socket;
  boolean joined;
  boolean closing;
  long joinTimer = -1;

  long windowReceived;
  long digest = OrderDigest.EMPTY;

  long seq;
  long sentThisStep;
  double phaseMicros;
  String framePrefix;

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

  void beginStep() {
    windowReceived = 0;
    digest = OrderDigest.EMPTY;
    sentThisStep = 0;
  }
}
