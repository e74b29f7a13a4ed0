package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.hub.insights.MoodPoint;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.Mood;
import java.util.List;

/** What travels on the event bus between event loops and room owners. All immutable. */
public final class ShardMessages {
  private ShardMessages() {
  }

  /**
   * {@code counted}: a new connection of the user in the room, not a repeated join on the same
   * one. {@code node}: the fleet node holding the connection, which the room's frames must reach.
   */
  public record Join(String room, String user, boolean counted, String node) {
  }

  public record JoinResult(List<String> members, int count, List<ChatMessage> history, Mood mood) {
  }

  public record Leave(String room, String user, String node) {
  }

  /**
   * The connections of {@code node} already in the room (a user once per connection), told to a
   * new owner after the previous one left the fleet: they join again without presence frames.
   */
  public record Rejoin(String room, String node, List<String> users) {
  }

  /**
   * A node's relay is listening: each other node answers with a {@link Boolean}, so that its
   * event bus has looked the new address up before it sends the node any room's frame.
   */
  public record Hello(String node) {
  }

  /** A node left the fleet; {@code orphanedRooms} were owned by it, as far as this node knows. */
  public record NodeLeft(String node, java.util.Set<String> orphanedRooms) {
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

  /** A frame for the members of a room on one event loop; {@code messageId} for a {@code message} frame. */
  public record Delivery(String room, EncodedFrame frame, String exceptUser, String messageId) {
  }
}
