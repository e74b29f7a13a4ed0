package io.pulsechat.loadgen.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pulsechat.loadgen.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconnect storm and churn against the real gateway: the members dropped or leaving come
 * back, and what they missed meanwhile comes back through the joined frame's history and
 * {@code history after}, as PROTOCOL.md promises; nothing owed to them is lost, doubled or left
 * unrecovered (the default checks). A message read in a {@code history} answer before the room
 * broadcast it arrives live as well; that is overlap, which a client drops by id, not a duplicate.
 */
class StormAndChurnAgainstGatewayIT {
  @TempDir
  static Path dir;
  private static RunningGateway gateway;

  @BeforeAll
  static void startGateway() throws Exception {
    gateway = RunningGateway.start(dir.resolve("data"), Map.of("CHAT_RATE_PER_SECOND", "1000",
        "CHAT_RATE_BURST", "1000"));
  }

  @AfterAll
  static void stopGateway() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  private record Outcome(int exit, String out, JsonObject step) {
  }

  private static Outcome run(String name, String... extra) throws Exception {
    Path json = dir.resolve(name + ".json");
    List<String> args = new ArrayList<>(List.of("--url", gateway.url(), "--rooms", "2", "--members", "10",
        "--senders", "1", "--rate", "20", "--duration", "4", "--warmup", "0.5", "--drain", "20", "--run-id", name,
        "--event-loops", "1", "--p99-bound-ms", "600000", "--connect-timeout", "60", "--report-json", json.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Main.run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    JsonObject report = new JsonObject(Files.readString(json));
    return new Outcome(exit, out.toString(StandardCharsets.UTF_8), report.getJsonArray("steps").getJsonObject(0));
  }

  @Test
  void stormDropsHalfTheMembersAndEveryOneComesBackWithNothingLost() throws Exception {
    Outcome o = run("storm", "--storm", "50@1");

    assertThat(o.exit()).as(o.out()).isZero();
    JsonObject r = o.step().getJsonObject("recovery");
    assertThat(r).as(o.out()).isNotNull();
    // Every second one of the 20 receive-only members.
    assertThat(r.getLong("dropped")).as(o.out()).isEqualTo(10);
    assertThat(r.getLong("rejoined")).isEqualTo(10);
    assertThat(r.getLong("stillAway")).isZero();
    assertThat(r.getDouble("allBackSeconds")).isPositive();
    assertThat(r.getLong("unrecovered")).as(o.out()).isZero();
    assertThat(o.step().getLong("duplicates")).as(o.out()).isZero();
    assertThat(o.step().getLong("received")).isEqualTo(o.step().getLong("expected")).isPositive();
    assertThat(o.out()).contains("step 1 recovery: 10 members dropped or left, 10 joined again")
        .contains("still_away==0").contains("unrecovered==0");
  }

  @Test
  void churningMembersRecoverWhatTheyMissedWhileAway() throws Exception {
    Outcome o = run("churn", "--churn", "4", "--churn-away", "0.5");

    assertThat(o.exit()).as(o.out()).isZero();
    JsonObject r = o.step().getJsonObject("recovery");
    assertThat(r.getLong("dropped")).as(o.out()).isPositive();
    assertThat(r.getLong("rejoined")).isEqualTo(r.getLong("dropped"));
    assertThat(r.getLong("stillAway")).isZero();
    // Half a second away from a room sending 20 a second: about 10 messages each, all back from history.
    assertThat(r.getLong("recovered")).as(o.out()).isPositive();
    assertThat(r.getLong("unrecovered")).as(o.out()).isZero();
    assertThat(o.step().getLong("duplicates")).as(o.out()).isZero();
    assertThat(o.step().getLong("received")).isEqualTo(o.step().getLong("expected")).isPositive();
  }

  @Test
  void aStormOfSendersToo() throws Exception {
    Outcome o = run("sstorm", "--storm", "50@1", "--disrupt-senders");

    assertThat(o.exit()).as(o.out()).isZero();
    JsonObject r = o.step().getJsonObject("recovery");
    // Every second one of the 22 members, senders among them: 11, and each room's sender is the first of it.
    assertThat(r.getLong("dropped")).as(o.out()).isEqualTo(11);
    assertThat(r.getLong("rejoined")).isEqualTo(11);
    assertThat(r.getLong("stillAway")).isZero();
    assertThat(r.getLong("unrecovered")).as(o.out()).isZero();
    assertThat(o.step().getLong("duplicates")).as(o.out()).isZero();
    assertThat(o.step().getLong("received")).isEqualTo(o.step().getLong("expected")).isPositive();
  }

  @Test
  void membersAddedWhileMessagesFlowAreOwedWhatComesAfterTheirJoin() throws Exception {
    // 20 more members, 10 a second from half a second into the window: the room grows under load.
    Outcome o = run("added", "--add-members", "20", "--add-members-rate", "10", "--add-members-at", "0.5",
        "--threshold", "add.p99<60s", "--threshold", "added==20");

    assertThat(o.exit()).as(o.out()).isZero();
    JsonObject a = o.step().getJsonObject("addedMembers");
    assertThat(a).as(o.out()).isNotNull();
    assertThat(a.getLong("target")).isEqualTo(20);
    assertThat(a.getLong("joined")).isEqualTo(20);
    assertThat(a.getLong("notJoined")).isZero();
    assertThat(a.getDouble("joinsPerSecond")).isPositive();
    assertThat(a.getJsonObject("latencyMs").getLong("count")).isEqualTo(20);
    // Messages before the ramp went to 11 members a room, after it to 21: between the two, and every one received.
    long sent = o.step().getLong("sent");
    assertThat(o.step().getLong("expected")).isBetween(11 * sent + 1, 21 * sent - 1);
    assertThat(o.step().getLong("received")).isEqualTo(o.step().getLong("expected"));
    assertThat(o.step().getLong("duplicates")).isZero();
    assertThat(o.out()).contains("step 1 added members: 20 of 20 joined", "add_failures==0");
  }
}
