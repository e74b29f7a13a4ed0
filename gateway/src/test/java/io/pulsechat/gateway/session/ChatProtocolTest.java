package io.pulsechat.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.hub.delivery.Connection;
import io.pulsechat.gateway.hub.delivery.LoopMembers;
import io.pulsechat.gateway.hub.routing.ShardCommand;
import io.pulsechat.gateway.hub.routing.ShardReply;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.FrameDecoder;
import io.pulsechat.gateway.protocol.Mood;
import io.pulsechat.gateway.store.InMemoryMessageStore;
import io.pulsechat.gateway.testing.FakeDirectory;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session's side of PROTOCOL.md against a directory that answers as the test says. */
class ChatProtocolTest {

  /** Collects what the session answers. */
  static final class Answers implements ChatProtocol.Replies {
    final List<JsonObject> frames = new ArrayList<>();
    int silent;
    boolean closed;

    @Override
    public void reply(EncodedFrame frame) {
      frames.add(new JsonObject(frame.json()));
    }

    @Override
    public void replyAndClose(EncodedFrame frame) {
      reply(frame);
      closed = true;
    }

    @Override
    public void noReply() {
      silent++;
    }

    JsonObject last() {
      return frames.get(frames.size() - 1);
    }
  }

  static final class FakeConnection implements Connection {
    final List<JsonObject> received = new ArrayList<>();

    @Override
    public String id() {
      return "c1";
    }

    @Override
    public void send(EncodedFrame frame) {
      received.add(new JsonObject(frame.json()));
    }

    @Override
    public boolean isOpen() {
      return true;
    }
  }

  static final Mood CALM = new Mood(0, 0, 0, 0, "PT5M");
  final FakeDirectory directory = new FakeDirectory();
  final List<String> subscribed = new ArrayList<>();
  final LoopMembers members = new LoopMembers(new LoopMembers.Subscriptions() {
    @Override
    public void subscribe(String room) {
      subscribed.add(room);
    }

    @Override
    public void unsubscribe(String room) {
      subscribed.remove(room);
    }
  });
  final FakeConnection connection = new FakeConnection();
  final Answers answers = new Answers();
  final ChatProtocol protocol = new ChatProtocol(connection, new ChatProtocol.Services(new FrameDecoder(4000), members,
      directory, new InMemoryMessageStore(), null, GatewayMetrics.discarding(),
      SessionLimits.of(GatewayConfig.from(Map.of()))), "127.0.0.1", System.nanoTime());

  void frame(String json) {
    protocol.onText(json, System.nanoTime(), answers);
  }

  void joinAs(String user, String room) {
    frame("{\"type\":\"join\",\"room\":\"" + room + "\",\"user\":\"" + user + "\"}");
    directory.answer(new ShardReply.Joined(List.of(user), 1, List.of(), CALM));
  }

  void send(String room, String clientMsgId) {
    frame("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"hi\",\"clientMsgId\":\"" + clientMsgId + "\"}");
  }

  @Test
  void aJoinAsksTheOwnerAndTheMemberHearsTheRoomOnlyOnceJoined() {
    frame("{\"type\":\"join\",\"room\":\"r\",\"user\":\"ann\"}");
    assertThat(directory.asked()).containsExactly(new ShardCommand.Join("r", "ann", true));
    assertThat(members.has("r", connection)).isTrue();
    assertThat(members.deliver("r", new EncodedFrame(new JsonObject().put("type", "x").toBuffer()), null, null))
        .as("pending: frames before the owner saw the join are history").isZero();

    directory.answer(new ShardReply.Joined(List.of("ann"), 1, List.of(), CALM));

    assertThat(answers.last().getString("type")).isEqualTo("joined");
    assertThat(members.isActiveMember("r", connection)).isTrue();
  }

  @Test
  void aRepeatedJoinOnTheSameConnectionIsNotCountedAgain() {
    joinAs("ann", "r");
    frame("{\"type\":\"join\",\"room\":\"r\",\"user\":\"ann\"}");
    assertThat(directory.asked()).containsExactly(new ShardCommand.Join("r", "ann", true),
        new ShardCommand.Join("r", "ann", false));
  }

  @Test
  void aSendIsAckedWithWhatTheOwnerStored() {
    joinAs("ann", "r");
    send("r", "m1");
    assertThat(directory.asked()).last().isEqualTo(new ShardCommand.Send("r", "ann", "hi", "m1"));

    directory.answer(new ShardReply.Acked(new ChatMessage("r", "0001", "ann", "hi", 5L, "m1", null)));

    assertThat(answers.last().getString("type")).isEqualTo("ack");
    assertThat(answers.last().getString("id")).isEqualTo("0001");
  }

  @Test
  void aSendBeforeJoiningIsRefusedWithoutAskingTheOwner() {
    send("r", "m1");
    assertThat(directory.asked()).isEmpty();
    assertThat(answers.last().getString("code")).isEqualTo("not_member");
  }

  @Test
  void eachRefusalOfTheOwnerBecomesItsProtocolError() {
    joinAs("ann", "r");
    List<ShardReply> refusals = List.of(new ShardReply.NotMember("r"), new ShardReply.OwnerLeft("n2"),
        new ShardReply.Unavailable("storage is down"));
    List<String> codes = new ArrayList<>();
    for (ShardReply refusal : refusals) {
      send("r", "m-" + codes.size());
      directory.answer(refusal);
      codes.add(answers.last().getString("code"));
      assertThat(answers.last().getString("ref")).isEqualTo("m-" + (codes.size() - 1));
    }
    assertThat(codes).containsExactly("not_member", "unavailable", "unavailable");
    assertThat(answers.frames.get(answers.frames.size() - 2).getString("message")).contains("same clientMsgId");
  }

  @Test
  void aJoinTheOwnerCannotTakeLeavesNoMembershipBehind() {
    frame("{\"type\":\"join\",\"room\":\"r\",\"user\":\"ann\"}");
    directory.answer(new ShardReply.Unavailable("history is unavailable"));

    assertThat(answers.last().getString("code")).isEqualTo("unavailable");
    assertThat(members.has("r", connection)).isFalse();
    assertThat(subscribed).isEmpty();
  }

  @Test
  void closingLeavesEveryRoomOnceAndIgnoresLateAnswers() {
    joinAs("ann", "a");
    joinAs("ann", "b");
    frame("{\"type\":\"join\",\"room\":\"c\",\"user\":\"ann\"}");

    protocol.close();
    protocol.close();
    directory.answer(new ShardReply.Joined(List.of("ann"), 1, List.of(), CALM));

    assertThat(directory.told()).containsExactlyInAnyOrder(new ShardCommand.Leave("a", "ann"),
        new ShardCommand.Leave("b", "ann"), new ShardCommand.Leave("c", "ann"));
    assertThat(answers.silent).as("the join answered after the close").isEqualTo(1);
    assertThat(subscribed).isEmpty();
  }

  @Test
  void leavingARoomNotJoinedTellsTheOwnerNothing() {
    frame("{\"type\":\"leave\",\"room\":\"r\"}");
    assertThat(answers.last().getString("type")).isEqualTo("left");
    assertThat(directory.told()).isEmpty();
  }
}
