package io.pulsechat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.store.DynamoDbLocalProcess;
import io.pulsechat.gateway.store.WriteBehindSettings;
import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DynamoDB hangs (its process stopped with SIGSTOP, so calls reach its socket and get no answer)
 * for longer than the session's reply timeout while senders keep sending, then resumes and
 * applies whatever reached it meanwhile. Every answer must have been true: a message answered
 * {@code unavailable} is not in history afterwards, even if its write landed late; an acked one
 * is there exactly once; no send goes unanswered; {@code /health} says storage is failing during
 * the stall and ok after; history over HTTP answers with an error instead of hanging.
 */
class StalledDynamoDbIT {
  /**
   * Calls time out after 2 s (a busy 2-core machine's DynamoDB Local needs that much now and
   * then); every send is answered within 24 s, the session waits 34 s.
   */
  private static final Duration RETRY_BUDGET = Duration.ofSeconds(4);
  private static final Duration REPLY_TIMEOUT = WriteBehindSettings.answerWithin(RETRY_BUDGET).plusSeconds(10);
  private static final Duration STALL = REPLY_TIMEOUT.plusSeconds(3);
  private static final int SENDERS = 3;

  @Test
  void aStalledDynamoDbNeitherStoresAMessageAnsweredUnavailableNorLosesAnAckedOne(@TempDir Path dir) throws Exception {
    try (DynamoDbLocalProcess dynamo = DynamoDbLocalProcess.start(dir.resolve("dynamodb.log"));
         TestGateway gateway = TestGateway.start(Map.of("STORE", "dynamodb",
             "DYNAMODB_ENDPOINT", dynamo.endpoint().toString(),
             "CHAT_WRITE_RETRY_MS", Long.toString(RETRY_BUDGET.toMillis())))) {
      String room = TestGateway.room("stalled");
      List<Sender> senders = new ArrayList<>();
      for (int i = 0; i < SENDERS; i++) {
        senders.add(new Sender(gateway.join(room, "sender" + i), room, "s" + i));
      }
      senders.forEach(Sender::start);
      Thread.sleep(2_000);

      dynamo.stall();
      long stallEnds = System.nanoTime() + STALL.toNanos();
      boolean healthSaidFailing = false;
      int historyStatus = 0;
      while (System.nanoTime() - stallEnds < 0) {
        TestGateway.HttpResult health = gateway.get("/health");
        if (health.status() == 503 && "failing".equals(health.json().getString("storage"))) {
          healthSaidFailing = true;
        }
        if (historyStatus == 0 && healthSaidFailing) {
          // Throws if it hangs past the client's timeout.
          historyStatus = gateway.get("/api/rooms/" + room + "/messages").status();
        }
        Thread.sleep(500);
      }
      dynamo.resume();

      awaitStorageOk(gateway);
      Thread.sleep(2_000);
      senders.forEach(Sender::stop);

      Set<String> acked = new HashSet<>();
      Set<String> refused = new HashSet<>();
      Map<String, String> ackedIds = new HashMap<>();
      for (Sender sender : senders) {
        for (String clientMsgId : sender.sent) {
          // No send goes unanswered: answerTo fails after the timeout.
          record(sender.client.answerTo(clientMsgId, REPLY_TIMEOUT.plusSeconds(10)), clientMsgId, acked, refused,
              ackedIds);
        }
      }
      // Erasures of messages answered unavailable finish before storage counts as ok; and storage
      // counts as failing until a write succeeds, so a client keeps sending, as clients do.
      ChatClient prober = senders.get(0).client;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      for (int n = 0; !storageOk(gateway); n++) {
        assertThat(System.nanoTime() - deadline).as("storage ok again after the stall").isNegative();
        String clientMsgId = "probe-" + n;
        prober.send(ChatClient.sendFrame(room, "probe " + n, clientMsgId));
        record(prober.answerTo(clientMsgId, REPLY_TIMEOUT.plusSeconds(10)), clientMsgId, acked, refused, ackedIds);
        Thread.sleep(500);
      }

      Map<String, Integer> inHistory = new HashMap<>();
      Map<String, String> storedIds = new HashMap<>();
      for (JsonObject m : history(gateway, room)) {
        inHistory.merge(m.getString("clientMsgId"), 1, Integer::sum);
        storedIds.put(m.getString("clientMsgId"), m.getString("id"));
      }
      assertThat(healthSaidFailing).as("/health said storage failing during the stall").isTrue();
      assertThat(historyStatus).as("HTTP history during the stall").isEqualTo(503);
      assertThat(acked).as("acked before the stall").isNotEmpty();
      assertThat(refused).as("refused during the stall").isNotEmpty();
      for (String clientMsgId : refused) {
        assertThat(inHistory).as("answered unavailable, so never stored: " + clientMsgId).doesNotContainKey(clientMsgId);
      }
      for (String clientMsgId : acked) {
        assertThat(inHistory.get(clientMsgId)).as("acked, so stored once: " + clientMsgId).isEqualTo(1);
        assertThat(storedIds.get(clientMsgId)).isEqualTo(ackedIds.get(clientMsgId));
      }
      assertThat(inHistory.keySet()).as("nothing stored that was not acked").isSubsetOf(acked);
    }
  }

  private static void awaitStorageOk(TestGateway gateway) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!storageOk(gateway)) {
      assertThat(System.nanoTime() - deadline).as("storage ok again after the stall").isNegative();
      Thread.sleep(250);
    }
  }

  private static boolean storageOk(TestGateway gateway) {
    TestGateway.HttpResult health = gateway.get("/health");
    return health.status() == 200 && "ok".equals(health.json().getString("storage"));
  }

  private static void record(JsonObject answer, String clientMsgId, Set<String> acked, Set<String> refused,
                             Map<String, String> ackedIds) {
    if ("ack".equals(answer.getString("type"))) {
      acked.add(clientMsgId);
      ackedIds.put(clientMsgId, answer.getString("id"));
    } else {
      assertThat(answer.getString("code")).as("answer to " + clientMsgId).isEqualTo("unavailable");
      refused.add(clientMsgId);
    }
  }

  /** Every stored message of the room, read page by page backwards over HTTP. */
  private static List<JsonObject> history(TestGateway gateway, String room) {
    List<JsonObject> all = new ArrayList<>();
    String before = null;
    while (true) {
      TestGateway.HttpResult page = gateway.get("/api/rooms/" + room + "/messages?limit=200"
          + (before == null ? "" : "&before=" + before));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      JsonArray messages = page.json().getJsonArray("messages");
      messages.forEach(m -> all.add((JsonObject) m));
      if (!page.json().getBoolean("more") || messages.isEmpty()) {
        return all;
      }
      before = messages.getJsonObject(0).getString("id");
    }
  }

  /** One connection sending a message every 150 ms (under the rate limit) on a thread of its own. */
  private static final class Sender {
    final ChatClient client;
    final String room;
    final String prefix;
    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    Sender(ChatClient client, String room, String prefix) {
      this.client = client;
      this.room = room;
      this.prefix = prefix;
    }

    void start() {
      thread = new Thread(() -> {
        for (int n = 0; running.get(); n++) {
          String clientMsgId = prefix + "-" + n;
          client.send(ChatClient.sendFrame(room, "message " + n, clientMsgId));
          sent.add(clientMsgId);
          try {
            Thread.sleep(150);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "sender-" + prefix);
      thread.start();
    }

    void stop() {
      running.set(false);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
