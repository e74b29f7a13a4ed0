package io.pulsechat.gateway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.protocol.EncodedFrame;
import io.pulsechat.gateway.protocol.ServerFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopMembersTest {

  static final class FakeConnection implements Connection {
    final String id;
    final List<EncodedFrame> frames = new ArrayList<>();

    FakeConnection(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void send(EncodedFrame frame) {
      frames.add(frame);
    }

    @Override
    public boolean isOpen() {
      return true;
    }
  }

  final List<String> events = new ArrayList<>();
  final LoopMembers rooms = new LoopMembers(new LoopMembers.Subscriptions() {
    @Override
    public void subscribe(String room) {
      events.add("+" + room);
    }

    @Override
    public void unsubscribe(String room) {
      events.add("-" + room);
    }
  });

  @Test
  void pendingMembersReceiveNothingUntilActivated() {
    FakeConnection c = new FakeConnection("1");
    rooms.addPending("r", c, "ann", null, null);
    rooms.deliver("r", ServerFrames.pong(), null, null);
    assertThat(c.frames).isEmpty();
    assertThat(rooms.isActiveMember("r", c)).isFalse();

    rooms.activate("r", c, null);
    rooms.deliver("r", ServerFrames.pong(), null, null);
    assertThat(c.frames).hasSize(1);
  }

  @Test
  void everyActiveMemberGetsTheSameBufferExceptTheExcludedUser() {
    FakeConnection ann1 = new FakeConnection("1");
    FakeConnection ann2 = new FakeConnection("2");
    FakeConnection bob = new FakeConnection("3");
    for (var entry : List.of(List.of(ann1, "ann"), List.of(ann2, "ann"), List.of(bob, "bob"))) {
      rooms.addPending("r", (Connection) entry.get(0), (String) entry.get(1), null, null);
      rooms.activate("r", (Connection) entry.get(0), null);
    }
    EncodedFrame frame = ServerFrames.presence("r", "ann", true, 2);
    assertThat(rooms.deliver("r", frame, "ann", null)).isEqualTo(1);
    assertThat(bob.frames).containsExactly(frame);
    assertThat(bob.frames.get(0).json()).isSameAs(frame.json());
    assertThat(ann1.frames).isEmpty();
    assertThat(ann2.frames).isEmpty();
  }

  @Test
  void removingMembersKeepsTheOthersAndUnsubscribesWithTheLast() {
    List<FakeConnection> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      FakeConnection c = new FakeConnection("c" + i);
      all.add(c);
      rooms.addPending("r", c, "u" + i, null, null);
      rooms.activate("r", c, null);
    }
    assertThat(rooms.remove("r", all.get(1))).isTrue();
    assertThat(rooms.remove("r", all.get(1))).isFalse();
    rooms.deliver("r", ServerFrames.pong(), null, null);
    assertThat(all).extracting(c -> c.frames.size()).containsExactly(1, 0, 1, 1, 1);

    for (FakeConnection c : all) {
      rooms.remove("r", c);
    }
    assertThat(events).containsExactly("+r", "-r");
    assertThat(rooms.roomCount()).isZero();
  }

  @Test
  void aMessageTheMemberJoinedWithIsNotSentAgainWhenItArrivesLate() {
    FakeConnection ann = new FakeConnection("ann");
    rooms.addPending("r", ann, "ann", null, null);
    rooms.activate("r", ann, "0002");
    EncodedFrame late = ServerFrames.pong();
    EncodedFrame presence = ServerFrames.pong();
    EncodedFrame next = ServerFrames.pong();

    rooms.deliver("r", late, null, "0002");
    rooms.deliver("r", presence, null, null);
    rooms.deliver("r", next, null, "0003");

    assertThat(ann.frames).containsExactly(presence, next);
  }

  @Test
  void aMessageTheLoopDeliveredIsNotDeliveredAgainWhenANewOwnerReplaysIt() {
    FakeConnection ann = new FakeConnection("ann");
    rooms.addPending("r", ann, "ann", null, null);
    rooms.activate("r", ann, null);
    EncodedFrame first = ServerFrames.pong();
    EncodedFrame storedButNeverBroadcast = ServerFrames.pong();
    EncodedFrame newOwners = ServerFrames.pong();

    rooms.deliver("r", first, null, "0001");
    // The old owner died after storing 0002 and before broadcasting it; the new owner replays what it loaded.
    assertThat(rooms.deliver("r", first, null, "0001")).isZero();
    rooms.deliver("r", storedButNeverBroadcast, null, "0002");
    rooms.deliver("r", newOwners, null, "0003");
    // A frame of the dead owner that was still on its way.
    assertThat(rooms.deliver("r", storedButNeverBroadcast, null, "0002")).isZero();

    assertThat(ann.frames).containsExactly(first, storedButNeverBroadcast, newOwners);
  }
}
