package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.hub.delivery.FanOut;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.Reactions;
import io.pulsechat.gateway.protocol.ServerFrames;
import io.pulsechat.gateway.sentiment.AsyncScorer;
import io.vertx.core.Future;

/**
 * Edits, deletes and reactions of a room's released messages, on the room's owner: each reads
 * the message (the room's latest in memory, else storage), checks the room's
 * {@link MessageRules}, writes the changed message, then tells the members. A room's changes
 * run one at a time, so a reaction never overwrites an edit it raced. Not thread-safe: the
 * owner's thread only.
 */
final class MessageChanges {
  private final RoomShard.Setup setup;
  private final MessageRules rules;
  private final FanOut fanOut;

  MessageChanges(RoomShard.Setup setup, FanOut fanOut) {
    this.setup = setup;
    this.rules = setup.rules();
    this.fanOut = fanOut;
  }

  Future<ShardReply> apply(Room room, ShardCommand.ToMessage change) {
    if (!room.hasUser(change.user()) && !room.settling(setup.clock().getAsLong())) {
      return Future.succeededFuture(new ShardReply.NotMember(room.name()));
    }
    Future<ShardReply> queued = room.serially(() -> find(room, change.id())
        .compose(message -> message == null ? Future.succeededFuture(new ShardReply.NoMessage(change.id()))
            : change(room, message, change)), MessageRules.MAX_CHANGES_WAITING);
    return queued != null ? queued
        : Future.succeededFuture(new ShardReply.Unavailable("too many changes of this room's messages wait"));
  }

  private Future<ShardReply> change(Room room, ChatMessage message, ShardCommand.ToMessage change) {
    if (change instanceof ShardCommand.Delete delete) {
      if (!rules.deletes().mayDelete(room.name(), delete.user(), message)) {
        return forbidden("only its author or a moderator may delete message " + message.id());
      }
      return message.deleted() ? Future.succeededFuture(ShardReply.DONE)
          : write(room, message, message.tombstone(), ServerFrames.deleted(room.name(), message.id(), delete.user()));
    }
    if (message.deleted()) {
      return Future.succeededFuture(new ShardReply.NoMessage(message.id()));
    }
    if (change instanceof ShardCommand.Edit edit) {
      if (!message.user().equals(edit.user())) {
        return forbidden("only its author may edit message " + message.id());
      }
      return AsyncScorer.score(setup.scorer().get(), edit.text()).compose(sentiment -> {
        ChatMessage edited = message.edited(edit.text(), sentiment, setup.clock().getAsLong());
        return write(room, message, edited, ServerFrames.edited(edited));
      });
    }
    ShardCommand.React react = (ShardCommand.React) change;
    Reactions.Change next = react.add()
        ? Reactions.add(message.reactions(), react.emoji(), react.user(), rules.reactions())
        : Reactions.remove(message.reactions(), react.emoji(), react.user());
    if (next.refusal() != null) {
      return Future.succeededFuture(new ShardReply.TooManyReactions(next.refusal()));
    }
    if (!next.changed()) {
      return Future.succeededFuture(ShardReply.DONE);
    }
    ChatMessage reacted = message.withReactions(next.reactions());
    return write(room, message, reacted, ServerFrames.reactions(reacted));
  }

  private Future<ShardReply> write(Room room, ChatMessage before, ChatMessage after, EncodedFrame frame) {
    return setup.store().update(after).map(v -> {
      long now = setup.clock().getAsLong();
      room.changed(before, after, now);
      fanOut.publish(room.name(), room.targets(now), frame, null, null);
      return ShardReply.DONE;
    });
  }

  private Future<ChatMessage> find(Room room, String id) {
    ChatMessage recent = room.recentMessage(id);
    return recent != null ? Future.succeededFuture(recent) : setup.store().find(room.name(), id);
  }

  private static Future<ShardReply> forbidden(String reason) {
    return Future.succeededFuture(new ShardReply.Forbidden(reason));
  }
}
