package io.pulsechat.gateway.hub;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.Mood;
import java.util.List;

/** What travels on the event bus between event loops and room owners. All immutable. */
public final class ShardMessages {
  private ShardMessages() {
  }

  /** {@code counted}: a new connection of the user in the room, not a repeated join on the same one. */
  public record Join(String room, String user, boolean counted) {
  }

  public record JoinResult(List<String> members, int count, List<ChatMessage> history, Mood mood) {
  }

  public record Leave(String room, String user) {
  }

  public record Send(String room, String user, String text, String clientMsgId) {
  }

  public record ListRooms() {
  }

  public record RoomSummary(String room, int count, List<String> members, Mood mood) {
  }

  /** Answered once no message of the shard waits for storage. */
  public record Drain() {
  }

  public record MoodQuery(String room) {
  }

  public record MoodReport(String room, Mood mood, List<MoodPoint> series) {
  }

  /** A frame for the members of a room on one event loop. */
  public record Delivery(String room, EncodedFrame frame, String exceptUser) {
  }
}
