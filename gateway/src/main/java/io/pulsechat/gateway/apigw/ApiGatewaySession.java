package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.hub.LocalRooms;
import io.pulsechat.gateway.hub.RoomDirectory;
import io.pulsechat.gateway.hub.RoomShardVerticle;
import io.pulsechat.gateway.hub.ShardMessages;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.ClientFrame;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.protocol.ProtocolException;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.ws.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * One API Gateway connection's conversation, with the same rules as the direct WebSocket's
 * session (PROTOCOL.md): identity from the first join, membership, the send rate, and the
 * answer to each frame. The answer is returned rather than sent, so that the front door can put
 * it in the HTTP response of the two-way route. Lives on the front door's event loop.
 */
final class ApiGatewaySession {

  /** What the session shares with every other session of the front door. */
  record Shared(FrameDecoder decoder, LocalRooms localRooms, RoomDirectory directory, MessageStore store,
                GatewayMetrics metrics, double ratePerSecond, int rateBurst, int abuseBurst, double abusePerSecond) {
  }

  /** The answer to one frame; {@code close} asks the front door to disconnect the client (1008). */
  record Answer(EncodedFrame frame, boolean close) {
    static Answer of(EncodedFrame frame) {
      return new Answer(frame, false);
    }
  }

  private final ApiGatewayConnection connection;
  private final Shared shared;
  private final TokenBucket sends;
  private final TokenBucket tolerance;
  private final Set<String> rooms = new HashSet<>();
  private String user;
  private boolean closed;
  long lastSeenNanos;

  ApiGatewaySession(ApiGatewayConnection connection, Shared shared, long nowNanos) {
    this.connection = connection;
    this.shared = shared;
    this.sends = new TokenBucket(shared.rateBurst(), shared.ratePerSecond(), nowNanos);
    this.tolerance = new TokenBucket(shared.abuseBurst(), shared.abusePerSecond(), nowNanos);
    this.lastSeenNanos = nowNanos;
  }

  ApiGatewayConnection connection() {
    return connection;
  }

  Future<Answer> onText(String text, long nowNanos) {
    lastSeenNanos = nowNanos;
    ClientFrame frame;
    try {
      frame = shared.decoder().decode(text);
    } catch (ProtocolException e) {
      return error(e.code(), e.getMessage(), e.ref());
    }
    if (frame instanceof ClientFrame.Send send) {
      return send(send, nowNanos);
    } else if (frame instanceof ClientFrame.Join join) {
      return join(join);
    } else if (frame instanceof ClientFrame.Leave leave) {
      if (rooms.contains(leave.room())) {
        dropFrom(leave.room());
      }
      return answer(ServerFrames.left(leave.room()));
    } else if (frame instanceof ClientFrame.History history) {
      return history(history);
    } else if (frame instanceof ClientFrame.Flag) {
      // The flag extension is served on /ws only for now; say so rather than answer pong.
      return error(ErrorCode.BAD_REQUEST, "flag is not available through API Gateway yet", "flag");
    }
    return answer(ServerFrames.pong());
  }

  /** The connection is gone (410, idle, abuse): leave every room so the others see it go. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    connection.close();
    for (String room : new ArrayList<>(rooms)) {
      dropFrom(room);
    }
  }

  private Future<Answer> join(ClientFrame.Join join) {
    if (user == null) {
      user = join.user();
    } else if (!user.equals(join.user())) {
      return error(ErrorCode.BAD_REQUEST, "this connection is already " + user + "; open another connection for "
          + join.user(), "join");
    }
    String room = join.room();
    boolean counted = rooms.add(room);
    if (counted) {
      shared.localRooms().addPending(room, connection, user);
    }
    return shared.directory().join(room, user, counted).transform(ar -> {
      if (closed || !rooms.contains(room)) {
        return Future.succeededFuture(Answer.of(null));
      }
      if (ar.failed()) {
        if (counted) {
          rooms.remove(room);
          shared.localRooms().remove(room, connection);
        }
        return error(ErrorCode.UNAVAILABLE, "the room cannot be joined now; try again", "join");
      }
      ShardMessages.JoinResult r = ar.result();
      shared.localRooms().activate(room, connection);
      return answer(ServerFrames.joined(room, user, r.members(), r.count(), r.history(), r.mood()));
    });
  }

  private Future<Answer> send(ClientFrame.Send send, long nowNanos) {
    if (!shared.localRooms().isActiveMember(send.room(), connection)) {
      return error(ErrorCode.NOT_MEMBER, "join " + send.room() + " before sending to it", send.clientMsgId());
    }
    if (!sends.tryTake(nowNanos)) {
      shared.metrics().rateLimited();
      shared.metrics().error(ErrorCode.RATE_LIMITED);
      boolean abuse = !tolerance.tryTake(nowNanos);
      if (abuse) {
        shared.metrics().abuseClosed();
      }
      return Future.succeededFuture(new Answer(
          ServerFrames.error(ErrorCode.RATE_LIMITED, "too many messages; slow down", send.clientMsgId()), abuse));
    }
    return shared.directory().send(new ShardMessages.Send(send.room(), user, send.text(), send.clientMsgId()))
        .transform(ar -> {
          if (ar.succeeded()) {
            var m = ar.result();
            return answer(ServerFrames.ack(m.room(), m.clientMsgId(), m.id(), m.ts()));
          } else if (ar.cause() instanceof ReplyException r && r.failureCode() == RoomShardVerticle.NOT_MEMBER) {
            return error(ErrorCode.NOT_MEMBER, "join " + send.room() + " before sending to it", send.clientMsgId());
          }
          return error(ErrorCode.UNAVAILABLE, "the message could not be stored now; nothing was stored, resend later",
              send.clientMsgId());
        });
  }

  private Future<Answer> history(ClientFrame.History history) {
    String room = history.query().room();
    if (!shared.localRooms().isActiveMember(room, connection)) {
      return error(ErrorCode.NOT_MEMBER, "join " + room + " before reading its history", "history");
    }
    return shared.store().history(history.query()).transform(ar -> ar.succeeded()
        ? answer(ServerFrames.history(ar.result()))
        : error(ErrorCode.UNAVAILABLE, "history is unavailable now; try again", "history"));
  }

  private void dropFrom(String room) {
    rooms.remove(room);
    shared.localRooms().remove(room, connection);
    shared.directory().leave(room, user);
  }

  private static Future<Answer> answer(EncodedFrame frame) {
    return Future.succeededFuture(Answer.of(frame));
  }

  private Future<Answer> error(ErrorCode code, String message, String ref) {
    shared.metrics().error(code);
    return answer(ServerFrames.error(code, message, ref));
  }
}
