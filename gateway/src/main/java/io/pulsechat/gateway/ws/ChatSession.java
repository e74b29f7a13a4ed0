package io.pulsechat.gateway.ws;

import io.pulsechat.gateway.hub.LocalRooms;
import io.pulsechat.gateway.hub.RoomDirectory;
import io.pulsechat.gateway.hub.RoomShardVerticle;
import io.pulsechat.gateway.hub.ShardMessages;
import io.pulsechat.gateway.protocol.ClientFrame;
import io.pulsechat.gateway.protocol.CloseCode;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.ProtocolException;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.store.FeedbackStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's conversation: identity, the rooms it joined, its send rate, and the answer to
 * every frame it sends. Lives on the event loop of its socket.
 */
final class ChatSession {
  private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

  private final WebSocketConnection connection;
  private final SessionContext ctx;
  private final TokenBucket sends;
  private final TokenBucket tolerance;
  /** Rooms joined or being joined; membership proper is {@link LocalRooms#isActiveMember}. */
  private final Set<String> rooms = new HashSet<>();
  private String user;
  private boolean closed;

  ChatSession(WebSocketConnection connection, SessionContext ctx) {
    this.connection = connection;
    this.ctx = ctx;
    long now = System.nanoTime();
    this.sends = new TokenBucket(ctx.config().rateBurst(), ctx.config().ratePerSecond(), now);
    this.tolerance = new TokenBucket(ctx.config().abuseRejectionsBurst(), ctx.config().abuseRejectionsPerSecond(), now);
  }

  void onText(String text) {
    if (closed) {
      return;
    }
    ClientFrame frame;
    try {
      frame = ctx.decoder().decode(text);
    } catch (ProtocolException e) {
      error(e.code(), e.getMessage(), e.ref());
      return;
    }
    if (frame instanceof ClientFrame.Send send) {
      send(send);
    } else if (frame instanceof ClientFrame.Join join) {
      join(join);
    } else if (frame instanceof ClientFrame.Leave leave) {
      leave(leave.room());
    } else if (frame instanceof ClientFrame.History history) {
      history(history);
    } else if (frame instanceof ClientFrame.Flag flag) {
      flag(flag);
    } else {
      connection.send(ServerFrames.pong());
    }
  }

  void onBinary() {
    if (!closed) {
      error(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON in text frames", null);
    }
  }

  /** The socket is gone, or about to be: leave every room so the others see it go. */
  void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    connection.markClosed();
    for (String room : new ArrayList<>(rooms)) {
      dropFrom(room);
    }
  }

  void close(CloseCode code) {
    connection.close(code);
    onClose();
  }

  private void join(ClientFrame.Join join) {
    if (user == null) {
      user = join.user();
    } else if (!user.equals(join.user())) {
      error(ErrorCode.BAD_REQUEST, "this connection is already " + user + "; open another connection for "
          + join.user(), "join");
      return;
    }
    String room = join.room();
    boolean counted = rooms.add(room);
    if (counted) {
      ctx.localRooms().addPending(room, connection, user);
    }
    ctx.directory().join(room, user, counted).onComplete(ar -> {
      if (closed || !rooms.contains(room)) {
        return;
      }
      if (ar.failed()) {
        if (counted) {
          rooms.remove(room);
          ctx.localRooms().remove(room, connection);
        }
        error(ErrorCode.UNAVAILABLE, "the room cannot be joined now; try again", "join");
        return;
      }
      ShardMessages.JoinResult r = ar.result();
      connection.send(ServerFrames.joined(room, user, r.members(), r.count(), r.history(), r.mood()));
      ctx.localRooms().activate(room, connection);
    });
  }

  private void send(ClientFrame.Send send) {
    if (!ctx.localRooms().isActiveMember(send.room(), connection)) {
      error(ErrorCode.NOT_MEMBER, "join " + send.room() + " before sending to it", send.clientMsgId());
      return;
    }
    long now = System.nanoTime();
    if (!sends.tryTake(now)) {
      ctx.metrics().rateLimited();
      error(ErrorCode.RATE_LIMITED, "too many messages; slow down", send.clientMsgId());
      if (!tolerance.tryTake(now)) {
        ctx.metrics().abuseClosed();
        close(CloseCode.POLICY_VIOLATION);
      }
      return;
    }
    ctx.directory().send(new ShardMessages.Send(send.room(), user, send.text(), send.clientMsgId()))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            var m = ar.result();
            connection.send(ServerFrames.ack(m.room(), m.clientMsgId(), m.id(), m.ts()));
          } else if (failureCode(ar.cause()) == RoomShardVerticle.NOT_MEMBER) {
            error(ErrorCode.NOT_MEMBER, "join " + send.room() + " before sending to it", send.clientMsgId());
          } else {
            error(ErrorCode.UNAVAILABLE, "the message could not be stored now; nothing was stored, resend later",
                send.clientMsgId());
          }
        });
  }

  private void leave(String room) {
    if (rooms.contains(room)) {
      dropFrom(room);
    }
    connection.send(ServerFrames.left(room));
  }

  private void history(ClientFrame.History history) {
    String room = history.query().room();
    if (!ctx.localRooms().isActiveMember(room, connection)) {
      error(ErrorCode.NOT_MEMBER, "join " + room + " before reading its history", "history");
      return;
    }
    ctx.store().history(history.query()).onComplete(ar -> {
      if (ar.succeeded()) {
        connection.send(ServerFrames.history(ar.result()));
      } else {
        log.warn("History of room {} failed: {}", room, ar.cause().toString());
        error(ErrorCode.UNAVAILABLE, "history is unavailable now; try again", "history");
      }
    });
  }

  /** Stores a reader's correction of a message's label, with the text and the model's label, for retraining. */
  private void flag(ClientFrame.Flag flag) {
    if (!ctx.localRooms().isActiveMember(flag.room(), connection)) {
      error(ErrorCode.NOT_MEMBER, "join " + flag.room() + " before flagging its messages", "flag");
      return;
    }
    ctx.store().find(flag.room(), flag.id()).compose(message -> {
      if (message == null || message.sentiment() == null) {
        error(ErrorCode.BAD_REQUEST, "no message " + flag.id() + " with a sentiment in " + flag.room(), "flag");
        return Future.succeededFuture();
      }
      return ctx.feedback().put(new FeedbackStore.Flag(flag.room(), flag.id(), user, message.text(),
              message.sentiment().label().wireName(), message.sentiment().model(), flag.label(),
              System.currentTimeMillis()))
          .onSuccess(v -> {
            ctx.metrics().flagged();
            connection.send(ServerFrames.flagged(flag.room(), flag.id(), flag.label()));
          });
    }).onFailure(e -> {
      log.warn("Flagging message {} of room {} failed: {}", flag.id(), flag.room(), e.toString());
      error(ErrorCode.UNAVAILABLE, "the flag could not be stored now; try again", "flag");
    });
  }

  private void dropFrom(String room) {
    rooms.remove(room);
    ctx.localRooms().remove(room, connection);
    ctx.directory().leave(room, user);
  }

  private void error(ErrorCode code, String message, String ref) {
    ctx.metrics().error(code);
    EncodedFrame frame = ServerFrames.error(code, message, ref);
    connection.send(frame);
  }

  private static int failureCode(Throwable t) {
    return t instanceof ReplyException r ? r.failureCode() : -1;
  }
}
