package io.pulsechat.gateway.session;

import io.pulsechat.gateway.hub.delivery.Connection;
import io.pulsechat.gateway.hub.delivery.LoopMembers;
import io.pulsechat.gateway.hub.routing.RoomDirectory;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.logging.ThrottledLog;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.ClientFrame;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.ErrorCode;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.protocol.ProtocolException;
import io.pulsechat.gateway.protocol.RateLimit;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.store.FeedbackStore;
import io.pulsechat.gateway.store.MessageStore;
import io.pulsechat.gateway.access.AccessControl;
import io.pulsechat.gateway.access.ModerationAction;
import io.pulsechat.gateway.access.RoomAdmin;
import io.pulsechat.gateway.access.RoomPolicy;
import io.pulsechat.gateway.access.RoomRole;
import io.pulsechat.gateway.store.ReadMarkers;
import io.pulsechat.gateway.store.UnreadCounts;
import io.pulsechat.gateway.auth.Identity;
import io.pulsechat.gateway.protocol.AccessFrames;
import io.pulsechat.gateway.auth.TokenVerifier;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's side of PROTOCOL.md, whatever carries its frames (a direct WebSocket
 * or API Gateway): identity from the first join, and the answer to every frame, within its
 * {@link Allowances}. Which rooms it is in is its event loop's {@link LoopMembers}' to say;
 * whether a command was taken is the room owner's, whose {@link ShardReply} becomes the answer.
 * The answer leaves through the {@link Replies} the transport passes with each frame;
 * broadcasts reach the connection through the hub. Lives on one event loop.
 */
public final class ChatProtocol {
  private static final Logger log = LoggerFactory.getLogger(ChatProtocol.class);
  // A storage outage fails every join, history and flag: one line per kind per 10 s.
  private static final ThrottledLog joinFailures = new ThrottledLog(log);
  private static final ThrottledLog historyFailures = new ThrottledLog(log);
  private static final ThrottledLog flagFailures = new ThrottledLog(log);
  private static final ThrottledLog ruleFailures = new ThrottledLog(log);
  private static final ThrottledLog readFailures = new ThrottledLog(log);

  /** How the transport answers the frame being handled; exactly one method is called per frame. */
  public interface Replies {
    void reply(EncodedFrame frame);

    /** Answer, then disconnect the client: sustained rate-limit abuse (1008). */
    void replyAndClose(EncodedFrame frame);

    /** The frame turned out to need no answer (its connection left or closed meanwhile). */
    void noReply();
  }

  /**
   * What every session of one transport shares. {@code feedback} is null where the transport
   * does not take flags; a {@code flag} frame then gets {@code bad_request}; so does a
   * {@code read} frame where {@code reads} is null (and {@code joined} carries no {@code unread}).
   * {@code admin} is null where rooms have no rules (open mode): every room is public, and the
   * frames of private rooms and moderation get {@code forbidden}.
   */
  public record Services(FrameDecoder decoder, LoopMembers localRooms, RoomDirectory directory, MessageStore store,
                         FeedbackStore feedback, GatewayMetrics metrics, SessionLimits limits, TokenVerifier tokens,
                         ReadMarkers reads, RoomAdmin admin) {
    /** Without private rooms or moderation. */
    public Services(FrameDecoder decoder, LoopMembers localRooms, RoomDirectory directory, MessageStore store,
                    FeedbackStore feedback, GatewayMetrics metrics, SessionLimits limits, TokenVerifier tokens,
                    ReadMarkers reads) {
      this(decoder, localRooms, directory, store, feedback, metrics, limits, tokens, reads, null);
    }

    /** The same services without a feedback store: {@code flag} frames get {@code bad_request}. */
    public Services withoutFlags() {
      return new Services(decoder, localRooms, directory, store, null, metrics, limits, tokens, reads, admin);
    }

    /** Open mode: no tokens, anyone may join under any name; no read markers. */
    public Services(FrameDecoder decoder, LoopMembers localRooms, RoomDirectory directory, MessageStore store,
                    FeedbackStore feedback, GatewayMetrics metrics, SessionLimits limits) {
      this(decoder, localRooms, directory, store, feedback, metrics, limits, null, null, null);
    }
  }


  private final Connection connection;
  private final Services services;
  private final Allowances allowances;
  private final Consumer<Identity> renewed;
  /** Null where the transport keeps no read markers. */
  private final UnreadCounts unread;
  private Identity identity;
  private String user;
  private boolean closed;

  /** {@code address} is the client's source address, which shares one flag allowance over all its connections. */
  public ChatProtocol(Connection connection, Services services, String address, long nowNanos) {
    this(connection, services, address, nowNanos, null, i -> { });
  }

  /**
   * Token mode: the connection is {@code identity}'s, whatever its frames say. {@code renewed}
   * hears of each fresh token an {@code auth} frame brings, so that the transport moves the
   * connection's end to the new expiry.
   */
  public ChatProtocol(Connection connection, Services services, String address, long nowNanos, Identity identity,
                      Consumer<Identity> renewed) {
    this.connection = connection;
    this.services = services;
    this.allowances = new Allowances(services.limits(), address, nowNanos);
    this.identity = identity;
    this.renewed = renewed;
    this.unread = services.reads() == null ? null : new UnreadCounts(services.reads(), services.store());
  }

  public void onText(String text, long nowNanos, Replies replies) {
    if (closed) {
      replies.noReply();
      return;
    }
    ClientFrame frame;
    try {
      frame = services.decoder().decode(text);
    } catch (ProtocolException e) {
      error(replies, e.code(), e.getMessage(), e.ref());
      return;
    }
    if (frame instanceof ClientFrame.Send send) {
      send(send, nowNanos, replies);
    } else if (frame instanceof ClientFrame.Join join) {
      if (allowed(RateLimit.JOIN, "join", nowNanos, replies)) {
        join(join, replies);
      }
    } else if (frame instanceof ClientFrame.Leave leave) {
      if (allowed(RateLimit.JOIN, "leave", nowNanos, replies)) {
        if (services.localRooms().remove(leave.room(), connection)) {
          services.directory().tell(new ShardCommand.Leave(leave.room(), user));
        }
        replies.reply(ServerFrames.left(leave.room()));
      }
    } else if (frame instanceof ClientFrame.History history) {
      if (allowed(RateLimit.HISTORY, "history", nowNanos, replies)) {
        history(history, replies);
      }
    } else if (frame instanceof ClientFrame.Flag flag) {
      flag(flag, nowNanos, replies);
    } else if (frame instanceof ClientFrame.Create || frame instanceof ClientFrame.Grant
        || frame instanceof ClientFrame.Moderate) {
      if (allowed(RateLimit.JOIN, frame.type(), nowNanos, replies)) {
        administer(frame, replies);
      }
    } else if (frame instanceof ClientFrame.Edit || frame instanceof ClientFrame.Delete
        || frame instanceof ClientFrame.React || frame instanceof ClientFrame.Typing) {
      conversation(frame, nowNanos, replies);
    } else if (frame instanceof ClientFrame.Read read) {
      if (allowed(RateLimit.TYPING, "read", nowNanos, replies)) {
        read(read, replies);
      }
    } else if (frame instanceof ClientFrame.Auth auth) {
      if (allowed(RateLimit.JOIN, "auth", nowNanos, replies)) {
        auth(auth, replies);
      }
    } else {
      replies.reply(ServerFrames.pong());
    }
  }

  public void onBinary(Replies replies) {
    if (closed) {
      replies.noReply();
    } else {
      error(replies, ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON in text frames", null);
    }
  }

  /** The connection is gone, or about to be: leave every room so the others see it go. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (String room : services.localRooms().removeEverywhere(connection)) {
      services.directory().tell(new ShardCommand.Leave(room, user));
    }
  }

  /** What to show for this connection's user: its token's name (token mode), or null for the user itself. */
  private String displayName() {
    return identity == null || identity.name().equals(identity.user()) ? null : identity.name();
  }

  private void join(ClientFrame.Join join, Replies replies) {
    if (identity != null && !identity.user().equals(join.user())) {
      error(replies, ErrorCode.FORBIDDEN, "this connection's token is for " + identity.user() + ", not "
          + join.user(), "join");
      return;
    }
    whenAllowed(join.room(), (policy, now) -> policy.refuseReading(identity, now), "join", replies,
        () -> admitted(join, replies));
  }

  /** A join the room's rules let in. */
  private void admitted(ClientFrame.Join join, Replies replies) {
    if (user == null) {
      user = join.user();
    } else if (!user.equals(join.user())) {
      error(replies, ErrorCode.BAD_REQUEST, "this connection is already " + user + "; open another connection for "
          + join.user(), "join");
      return;
    }
    String room = join.room();
    int joined = services.localRooms().roomCountOf(connection);
    if (!services.localRooms().has(room, connection) && joined >= allowances.maxRooms()) {
      services.metrics().roomRefusedPerConnection();
      error(replies, ErrorCode.TOO_MANY_ROOMS, "this connection is in " + joined
          + " rooms, the most it may be in; leave one first", "join");
      return;
    }
    String name = displayName();
    boolean counted = services.localRooms().addPending(room, connection, user, join.guestKey(), name);
    Future<Integer> unread = unread(room);
    ShardCommand.Join command = new ShardCommand.Join(room, user, counted, join.guestKey(), name);
    // The room's owner left the fleet while the join was on its way (a gateway died): the room
    // has a new owner to ask, and a client reconnecting after that death must not be turned away.
    services.directory().ask(command).compose(first -> first instanceof ShardReply.OwnerLeft
            ? services.directory().ask(command) : Future.succeededFuture(first))
        .compose(reply -> unread.map(n -> reply)).onSuccess(reply -> {
      if (closed || !services.localRooms().has(room, connection)) {
        replies.noReply();
        return;
      }
      if (!(reply instanceof ShardReply.Joined r)) {
        if (counted) {
          services.localRooms().remove(room, connection);
        }
        if (!(reply instanceof ShardReply.RoomsFull) && !(reply instanceof ShardReply.NameTaken)) {
          joinFailures.warn("Joining room {} failed: {}", room, reply);
        }
        refused(reply, room, "joining it", "join", replies);
        return;
      }
      // joined first: broadcasts reach the member only once it is active, so none precedes it.
      replies.reply(unread.result() == null ? ServerFrames.joined(room, user, r.members(), r.names(), r.count(),
          r.history(), r.mood()) : ServerFrames.joined(room, user, r.members(), r.names(), r.count(), r.history(),
          r.mood(), unread.result()));
      List<ChatMessage> history = r.history();
      services.localRooms().activate(room, connection, history.isEmpty() ? null : history.get(history.size() - 1).id());
    });
  }

  private void send(ClientFrame.Send send, long nowNanos, Replies replies) {
    if (!services.localRooms().isActiveMember(send.room(), connection)) {
      error(replies, ErrorCode.NOT_MEMBER, "join " + send.room() + " before sending to it", send.clientMsgId());
      return;
    }
    if (!allowed(RateLimit.SEND, send.clientMsgId(), nowNanos, replies)) {
      return;
    }
    whenAllowed(send.room(), (policy, now) -> policy.refuseSending(user, now), send.clientMsgId(), replies,
        () -> store(send, replies));
  }

  /** A send the room's rules let through: the room's owner stores and broadcasts it. */
  private void store(ClientFrame.Send send, Replies replies) {
    services.directory().ask(new ShardCommand.Send(send.room(), user, send.text(), send.clientMsgId(), displayName()))
        .onSuccess(reply -> {
          if (reply instanceof ShardReply.Acked acked) {
            var m = acked.message();
            replies.reply(ServerFrames.ack(m.room(), m.clientMsgId(), m.id(), m.ts()));
          } else {
            refused(reply, send.room(), "sending to it", send.clientMsgId(), replies);
          }
        });
  }

  /**
   * The one place where a room owner's refusal becomes a PROTOCOL.md error. {@code doing} names
   * what was refused ("sending to it"); {@code ref} is the error's reference.
   */
  private void refused(ShardReply reply, String room, String doing, String ref, Replies replies) {
    if (reply instanceof ShardReply.NameTaken taken) {
      error(replies, ErrorCode.NAME_TAKEN, taken.user() + " is online in " + room + " under a guest key; choose"
          + " another name", ref);
    } else if (reply instanceof ShardReply.NotMember) {
      error(replies, ErrorCode.NOT_MEMBER, "join " + room + " before " + doing, ref);
    } else if (reply instanceof ShardReply.OwnerLeft) {
      error(replies, ErrorCode.UNAVAILABLE, "the room moved to another gateway before " + doing + " was answered;"
          + " try again (a message with the same clientMsgId)", ref);
    } else if (reply instanceof ShardReply.RoomsFull full) {
      error(replies, ErrorCode.UNAVAILABLE, "this gateway holds " + full.rooms() + " rooms, the most it may; try"
          + " again later", ref);
    } else if (reply instanceof ShardReply.Unavailable unavailable) {
      error(replies, ErrorCode.UNAVAILABLE, "the room cannot take this now (" + unavailable.reason() + "); try again",
          ref);
    } else {
      log.error("Room {} answered {} with {}", room, doing, reply);
      error(replies, ErrorCode.UNAVAILABLE, "the room cannot take this now; try again", ref);
    }
  }

  private void history(ClientFrame.History history, Replies replies) {
    String room = history.query().room();
    if (!services.localRooms().isActiveMember(room, connection)) {
      error(replies, ErrorCode.NOT_MEMBER, "join " + room + " before reading its history", "history");
      return;
    }
    whenAllowed(room, (policy, now) -> policy.refuseReading(identity, now), "history", replies,
        () -> readHistory(history, replies));
  }

  /**
   * Runs {@code then} when the room's rules let the request through ({@code rule} gives no
   * reason to refuse it at the time given), else answers {@code forbidden} with the reason. In
   * open mode rooms have no rules.
   */
  private void whenAllowed(String room, BiFunction<RoomPolicy, Long, String> rule, String ref, Replies replies,
                           Runnable then) {
    if (services.admin() == null) {
      then.run();
      return;
    }
    AccessControl control = services.admin().control();
    control.policy(room).onComplete(ar -> {
      if (closed) {
        replies.noReply();
      } else if (ar.failed()) {
        ruleFailures.warn("Reading the rules of room {} failed: {}", room, ar.cause().toString());
        error(replies, ErrorCode.UNAVAILABLE, "the room's rules cannot be read now; try again", ref);
      } else {
        String refused = rule.apply(ar.result(), control.now());
        if (refused == null) {
          then.run();
        } else {
          error(replies, ErrorCode.FORBIDDEN, refused, ref);
        }
      }
    });
  }

  private void readHistory(ClientFrame.History history, Replies replies) {
    String room = history.query().room();
    services.store().history(history.query()).onComplete(ar -> {
      if (ar.succeeded()) {
        replies.reply(ServerFrames.history(ar.result()));
      } else {
        historyFailures.warn("History of room {} failed: {}", room, ar.cause().toString());
        error(replies, ErrorCode.UNAVAILABLE, "history is unavailable now; try again", "history");
      }
    });
  }

  /** Stores a reader's correction of a message's label, with the text and the model's label, for retraining. */
  private void flag(ClientFrame.Flag flag, long nowNanos, Replies replies) {
    if (services.feedback() == null) {
      error(replies, ErrorCode.BAD_REQUEST, "flag is not available through this connection", "flag");
      return;
    }
    if (!allowed(RateLimit.FLAG, "flag", nowNanos, replies)) {
      return;
    }
    if (!services.localRooms().isActiveMember(flag.room(), connection)) {
      error(replies, ErrorCode.NOT_MEMBER, "join " + flag.room() + " before flagging its messages", "flag");
      return;
    }
    services.store().find(flag.room(), flag.id()).compose(message -> {
      if (message == null || message.sentiment() == null) {
        error(replies, ErrorCode.BAD_REQUEST, "no message " + flag.id() + " with a sentiment in " + flag.room(),
            "flag");
        return Future.succeededFuture();
      }
      return services.feedback().put(new FeedbackStore.Flag(flag.room(), flag.id(), user, message.text(),
              message.sentiment().label().wireName(), message.sentiment().model(), flag.label(),
              System.currentTimeMillis()))
          .onSuccess(v -> {
            services.metrics().flagged();
            replies.reply(ServerFrames.flagged(flag.room(), flag.id(), flag.label()));
          });
    }).onFailure(e -> {
      flagFailures.warn("Flagging message {} of room {} failed: {}", flag.id(), flag.room(), e.toString());
      error(replies, ErrorCode.UNAVAILABLE, "the flag could not be stored now; try again", "flag");
    });
  }

  /** Private rooms, roles and moderation: the answer comes from {@link RoomAdmin}, a refusal as its error. */
  private void administer(ClientFrame frame, Replies replies) {
    RoomAdmin admin = services.admin();
    if (admin == null || identity == null) {
      error(replies, ErrorCode.FORBIDDEN, "private rooms and moderation need a gateway in AUTH_MODE=token",
          frame.type());
      return;
    }
    Future<io.vertx.core.json.JsonObject> answer;
    String type;
    if (frame instanceof ClientFrame.Create create) {
      answer = admin.create(create.room(), identity, "create");
      type = "created";
    } else if (frame instanceof ClientFrame.Grant grant) {
      answer = admin.grant(grant.room(), identity, grant.user(), RoomRole.of(grant.role()), "grant");
      type = "granted";
    } else {
      ClientFrame.Moderate m = (ClientFrame.Moderate) frame;
      answer = admin.moderate(m.room(), identity, m.user(), ModerationAction.of(m.action()), m.seconds(), "moderate");
      type = "moderated";
    }
    answer.onComplete(ar -> {
      if (closed) {
        replies.noReply();
      } else if (ar.succeeded()) {
        replies.reply(AccessFrames.answer(type, ar.result()));
      } else if (ar.cause() instanceof ProtocolException e) {
        error(replies, e.code(), e.getMessage(), e.ref());
      } else {
        log.warn("{} in a room failed: {}", frame.type(), ar.cause().toString());
        error(replies, ErrorCode.UNAVAILABLE, "the room's rules cannot be changed now; try again", frame.type());
      }
    });
  }

  /**
   * Edits, deletes, reactions and typing: the room's owner decides and tells the members; the
   * caller hears only of a refusal (the members' frame reaches it as a member).
   */
  private void conversation(ClientFrame frame, long nowNanos, Replies replies) {
    String ref = frame.type();
    ShardCommand.ToRoom command;
    RateLimit kind;
    if (frame instanceof ClientFrame.Edit edit) {
      command = new ShardCommand.Edit(edit.room(), user, edit.id(), edit.text());
      kind = RateLimit.SEND;
    } else if (frame instanceof ClientFrame.Delete delete) {
      command = new ShardCommand.Delete(delete.room(), user, delete.id());
      kind = RateLimit.SEND;
    } else if (frame instanceof ClientFrame.React react) {
      command = new ShardCommand.React(react.room(), user, react.id(), react.emoji(), react.add());
      kind = RateLimit.REACT;
    } else {
      command = new ShardCommand.Typing(((ClientFrame.Typing) frame).room(), user, displayName());
      kind = RateLimit.TYPING;
    }
    String room = command.room();
    if (!services.localRooms().isActiveMember(room, connection)) {
      error(replies, ErrorCode.NOT_MEMBER, "join " + room + " before " + ref + " in it", ref);
      return;
    }
    if (!allowed(kind, ref, nowNanos, replies)) {
      return;
    }
    if (command instanceof ShardCommand.Typing) {
      services.directory().tell(command);
      replies.noReply();
      return;
    }
    // A muted or banned user may not edit or react; a delete is checked by the owner (the author, or a
    // moderator of the rules read here just before).
    BiFunction<RoomPolicy, Long, String> rule = command instanceof ShardCommand.Delete
        ? (policy, now) -> policy.refuseReading(identity, now) : (policy, now) -> policy.refuseSending(user, now);
    whenAllowed(room, rule, ref, replies, () -> change(command, room, ref, replies));
  }

  private void change(ShardCommand.ToRoom command, String room, String ref, Replies replies) {
    services.directory().ask(command).onSuccess(reply -> {
      if (reply instanceof ShardReply.Done) {
        replies.noReply();
      } else if (reply instanceof ShardReply.Forbidden forbidden) {
        error(replies, ErrorCode.FORBIDDEN, forbidden.reason(), ref);
      } else if (reply instanceof ShardReply.NoMessage none) {
        error(replies, ErrorCode.BAD_REQUEST, "no message " + none.id() + " in " + room + " to " + ref, ref);
      } else if (reply instanceof ShardReply.TooManyReactions tooMany) {
        error(replies, ErrorCode.TOO_MANY_REACTIONS, tooMany.reason(), ref);
      } else {
        refused(reply, room, ref + " in it", ref, replies);
      }
    });
  }

  /**
   * Messages of the room after the user's read marker (0 without one, null where the transport
   * keeps no markers or storage failed: {@code joined} then carries none). Never fails.
   */
  private Future<Integer> unread(String room) {
    if (unread == null) {
      return Future.succeededFuture(null);
    }
    return unread.in(user, room).otherwise(e -> {
      readFailures.warn("Counting the unread messages of {} in room {} failed: {}", user, room, e.toString());
      return null;
    });
  }

  /** Moves the user's read marker forward to a message of the room, and answers with it and what came after. */
  private void read(ClientFrame.Read read, Replies replies) {
    if (unread == null) {
      error(replies, ErrorCode.BAD_REQUEST, "read is not available through this connection", "read");
      return;
    }
    String room = read.room();
    if (!services.localRooms().isActiveMember(room, connection)) {
      error(replies, ErrorCode.NOT_MEMBER, "join " + room + " before marking it read", "read");
      return;
    }
    unread.mark(user, room, read.id()).onSuccess(marked -> {
      if (marked == null) {
        error(replies, ErrorCode.BAD_REQUEST, "no message " + read.id() + " in " + room, "read");
      } else {
        replies.reply(ServerFrames.read(room, marked.id(), marked.unread()));
      }
    }).onFailure(e -> {
      readFailures.warn("Marking room {} read for {} failed: {}", room, user, e.toString());
      error(replies, ErrorCode.UNAVAILABLE, "the read marker could not be stored now; try again", "read");
    });
  }

  /** A fresh token for the same user moves the connection's end to its expiry. */
  private void auth(ClientFrame.Auth auth, Replies replies) {
    if (services.tokens() == null) {
      error(replies, ErrorCode.BAD_REQUEST, "this gateway takes no tokens (AUTH_MODE=open)", "auth");
      return;
    }
    services.tokens().verify(auth.token()).onComplete(ar -> {
      if (closed) {
        replies.noReply();
      } else if (ar.failed()) {
        services.metrics().error(ErrorCode.FORBIDDEN);
        replies.reply(ServerFrames.error(ErrorCode.FORBIDDEN, ar.cause().getMessage(), "auth"));
      } else if (identity == null || !ar.result().user().equals(identity.user())) {
        error(replies, ErrorCode.FORBIDDEN, "the token is for " + ar.result().user() + ", another user than"
            + " this connection's", "auth");
      } else {
        identity = ar.result();
        renewed.accept(identity);
        replies.reply(ServerFrames.authenticated(identity.user(), identity.name(), identity.expiresAt() / 1000));
      }
    });
  }

  /**
   * Takes the request's allowance; when there is none left, answers {@code rate_limited} and
   * returns false, closing the connection with 1008 once its refusals are sustained abuse.
   */
  private boolean allowed(RateLimit kind, String ref, long nowNanos, Replies replies) {
    RateLimit refused = allowances.take(kind, user, nowNanos);
    if (refused == null) {
      return true;
    }
    services.metrics().rateLimited(refused);
    services.metrics().error(ErrorCode.RATE_LIMITED);
    EncodedFrame answer = ServerFrames.error(ErrorCode.RATE_LIMITED, refused.message(), ref);
    if (allowances.refusedIsAbuse(nowNanos)) {
      services.metrics().abuseClosed();
      replies.replyAndClose(answer);
    } else {
      replies.reply(answer);
    }
    return false;
  }

  private void error(Replies replies, ErrorCode code, String message, String ref) {
    services.metrics().error(code);
    replies.reply(ServerFrames.error(code, message, ref));
  }
}
