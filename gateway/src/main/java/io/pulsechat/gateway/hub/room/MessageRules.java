package io.pulsechat.gateway.hub.room;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.Reactions;

/**
 * What members may do to a room's released messages besides sending them.
 *
 * @param reactions      the bounds on a message's reactions
 * @param typingInterval at most one {@code typing} per user per this many milliseconds is passed on
 * @param deletes        who may delete a message: its author, and whoever else the room's roles allow
 */
public record MessageRules(Reactions.Limits reactions, long typingIntervalMs, DeletePermission deletes) {

  /** Changes of one room's messages waiting for the one before them; more are refused with unavailable. */
  static final int MAX_CHANGES_WAITING = 1000;

  /**
   * Whether {@code user} may delete {@code message} of {@code room}. Room roles (moderators)
   * plug in here; the author always may.
   */
  @FunctionalInterface
  public interface DeletePermission {
    DeletePermission AUTHOR_ONLY = (room, user, message) -> false;

    /** Beyond the author: whether this other user may delete the message. */
    boolean mayDeleteOthers(String room, String user, ChatMessage message);

    default boolean mayDelete(String room, String user, ChatMessage message) {
      return message.user().equals(user) || mayDeleteOthers(room, user, message);
    }
  }

  public static final MessageRules DEFAULTS = new MessageRules(new Reactions.Limits(20, 5, 1000), 2000,
      DeletePermission.AUTHOR_ONLY);
}
