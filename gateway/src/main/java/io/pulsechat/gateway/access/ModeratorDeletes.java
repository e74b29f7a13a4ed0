package io.pulsechat.gateway.access;

import io.pulsechat.gateway.hub.room.MessageRules;
import io.pulsechat.gateway.protocol.ChatMessage;

/**
 * Token mode's answer to who may delete another's message: the room's owner and moderators, over
 * the messages of users of a weaker role. Decided on the room's owner without waiting: it reads
 * the rules this node holds for the room, which the sender's gateway read again just before it
 * passed the delete on (on one gateway, the same cache). A room this node holds no rules for
 * lets only authors delete.
 */
public final class ModeratorDeletes implements MessageRules.DeletePermission {
  private final AccessControl control;

  public ModeratorDeletes(AccessControl control) {
    this.control = control;
  }

  @Override
  public boolean mayDeleteOthers(String room, String user, ChatMessage message) {
    RoomPolicy policy = control.lastKnown(room);
    if (policy == null) {
      return false;
    }
    RoomRole role = policy.givenRole(user);
    return role != null && role.moderates() && role.outranks(policy.givenRole(message.user()));
  }
}
