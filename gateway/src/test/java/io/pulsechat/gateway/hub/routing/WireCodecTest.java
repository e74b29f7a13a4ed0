package io.pulsechat.gateway.hub.routing;

import io.pulsechat.gateway.hub.insights.MoodPoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.MemberName;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.protocol.Reaction;
import io.pulsechat.sentiment.Label;
import io.pulsechat.sentiment.Sentiment;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  final WireCodec codec = new WireCodec();
  final ChatMessage message = new ChatMessage("r", "17000000000000000abcd", "ann", "héllo \"you\"", 1_700_000_000_000L,
      "c1", new Sentiment(Label.POSITIVE, 0.8123456, "tweeteval-lr-1"));
  final Mood mood = new Mood(0.25, 3, 2, 1, "PT5M");

  /** What another node reads: encoded after a prefix the event bus wrote, decoded from its position. */
  Object overTheWire(Object o) {
    Buffer buffer = Buffer.buffer("header");
    codec.encodeToWire(buffer, o);
    return codec.decodeFromWire(6, buffer);
  }

  final List<Object> all = List.of(
      new ShardCommand.Send("r", "ann", "hi", "c1"),
      new ShardCommand.Join("r", "ann", true),
      new ShardCommand.Join("r", "ann", true, "a-guest-key-0123456789"),
      new ShardCommand.Leave("r", "ann"),
      new ShardCommand.Rejoin("r", List.of(new ShardCommand.Returning("bob", "key-1", "Bob B."),
          new ShardCommand.Returning("bob"), new ShardCommand.Returning("cid"))),
      new ShardCommand.MoodQuery("r"),
      new ShardCommand.Moderate("r", "bob", "ban", "carol", 1_700_000_000_000L, true),
      new ShardCommand.ListRooms(),
      new ShardCommand.Drain(),
      new ShardCommand.DropNode("node-2"),
      new ShardCommand.Edit("r", "ann", "17000000000000000abcd", "new text"),
      new ShardCommand.Delete("r", "ann", "17000000000000000abcd"),
      new ShardCommand.React("r", "ann", "17000000000000000abcd", "\uD83D\uDC4D", false),
      new ShardCommand.Typing("r", "ann"),
      new ShardReply.Acked(message),
      new ShardReply.Acked(new ChatMessage("r", "id", "bob", "no score", 1L, "c2", null)),
      new ShardReply.Joined(List.of("ann", "bob"), 2, List.of(message), mood),
      new ShardReply.Joined(List.of("ann"), 1, List.of(message.edited("changed", null, 1_700_000_001_000L)
          .withReactions(List.of(new Reaction("\uD83D\uDC4D", List.of("ann", "bob")))), message.tombstone()), mood),
      new ShardReply.Forbidden("only its author may edit it"),
      new ShardReply.NoMessage("17000000000000000abcd"),
      new ShardReply.TooManyReactions("at most 20"),
      new ShardReply.NotMember("r"),
      new ShardReply.NameTaken("ann"),
      new ShardReply.Unavailable("storage is down"),
      new ShardReply.OwnerLeft("node-2"),
      new ShardReply.RoomsFull(3),
      new ShardReply.MoodReport("r", mood, List.of(new MoodPoint(60_000L, -0.5, 0, 1, 3))),
      new ShardReply.Rooms(List.of(new ShardReply.RoomSummary("r", 2, List.of("ann", "bob"), mood,
          List.of(new MemberName("ann", "Ann A."))))),
      new ShardReply.Done(),
      new RelayMessage.Hello("node-3"),
      new RelayMessage.Welcome());

  @Test
  void commandsAndRepliesArriveEqualOnAnotherNode() {
    for (Object o : all) {
      assertThat(overTheWire(o)).as(o.getClass().getSimpleName()).isEqualTo(o);
    }
  }

  @Test
  void everyCommandReplyAndRelayMessageIsCoveredAbove() {
    List<Class<?>> covered = new java.util.ArrayList<>(all.stream().<Class<?>>map(Object::getClass).toList());
    covered.add(RelayMessage.Delivery.class); // aDeliveryCarriesTheFrameBytesUnchanged
    for (Class<?> root : List.of(ShardCommand.class, ShardReply.class, RelayMessage.class)) {
      assertThat(records(root)).as(root.getSimpleName()).isNotEmpty().isSubsetOf(covered);
    }
  }

  static List<Class<?>> records(Class<?> root) {
    if (root.isRecord()) {
      return List.of(root);
    }
    return java.util.Arrays.stream(root.getPermittedSubclasses()).flatMap(c -> records(c).stream()).toList();
  }

  @Test
  void aDeliveryCarriesTheFrameBytesUnchanged() {
    String json = "{\"type\":\"message\",\"text\":\"ünïcode ✓\"}";
    var delivery = (RelayMessage.Delivery) overTheWire(
        new RelayMessage.Delivery("r", new EncodedFrame(Buffer.buffer(json)), null, "0001"));
    assertThat(delivery.room()).isEqualTo("r");
    assertThat(delivery.messageId()).isEqualTo("0001");
    assertThat(delivery.exceptUser()).isNull();
    assertThat(delivery.frame().json().toString()).isEqualTo(json);
    assertThat(delivery.evictUser()).isNull();
    var eviction = (RelayMessage.Delivery) overTheWire(
        new RelayMessage.Delivery("r", new EncodedFrame(Buffer.buffer(json)), null, null, "bob"));
    assertThat(eviction.evictUser()).isEqualTo("bob");
  }

  @Test
  void withinAProcessObjectsPassByReference() {
    assertThat(codec.transform(message)).isSameAs(message);
  }

  @Test
  void anUnknownTypeIsRefusedByName() {
    assertThatThrownBy(() -> overTheWire(new StringBuilder("x"))).hasMessageContaining("StringBuilder");
  }
}
