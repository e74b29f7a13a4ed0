package io.pulsechat.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.gateway.store.SqliteDatabase;
import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Storage failing under a running gateway on its default store: every answer stays true. A
 * send answered {@code unavailable} is never stored, an acked one always is, /health says so
 * while writes fail, and sending works again once the fault is gone.
 */
class StorageFaultsIT {

  @Test
  void whileAnotherProcessLocksTheDatabaseSendsAreRefusedTruthfullyAndHealthSaysSo() throws Exception {
    try (TestGateway gateway = TestGateway.start(Map.of("CHAT_WRITE_RETRY_MS", "1500"))) {
      String room = TestGateway.room("stall");
      ChatClient ann = gateway.join(room, "ann");
      Set<String> acked = new HashSet<>();
      Set<String> refused = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        ann.say(room, "before " + i, "before-" + i);
        acked.add("before-" + i);
      }
      assertThat(gateway.get("/health").json().getString("storage")).isEqualTo("ok");

      // An operator's sqlite3 shell holding a write transaction open.
      try (Connection operator = DriverManager.getConnection(
          "jdbc:sqlite:" + gateway.dataDir().resolve(SqliteDatabase.FILE_NAME));
           Statement shell = operator.createStatement()) {
        shell.execute("BEGIN EXCLUSIVE");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          ann.send(ChatClient.sendFrame(room, "during " + i, "during-" + i));
          sent.add("during-" + i);
        }
        for (String id : sent) {
          JsonObject answer = ann.answerTo(id);
          if ("ack".equals(answer.getString("type"))) {
            acked.add(id);
          } else {
            assertThat(answer.getString("code")).isEqualTo("unavailable");
            refused.add(id);
          }
        }
        assertThat(refused).isNotEmpty();
        TestGateway.HttpResult health = gateway.get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().getString("storage")).isEqualTo("failing");
        // Reads go on beside the lock.
        assertThat(gateway.get("/api/rooms/" + room + "/messages").status()).isEqualTo(200);
        shell.execute("ROLLBACK");
      }

      // Once the lock is gone, a send is stored again (after the circuit's short cool-off).
      String after = null;
      for (int i = 0; i < 20 && after == null; i++) {
        Thread.sleep(250);
        ann.send(ChatClient.sendFrame(room, "after " + i, "after-" + i));
        JsonObject answer = ann.answerTo("after-" + i);
        if ("ack".equals(answer.getString("type"))) {
          after = "after-" + i;
        } else {
          refused.add("after-" + i);
        }
      }
      assertThat(after).as("a send acked after the lock was released").isNotNull();
      acked.add(after);
      assertThat(gateway.get("/health").status()).isEqualTo(200);

      JsonArray history = gateway.get("/api/rooms/" + room + "/messages?limit=200").json().getJsonArray("messages");
      Set<String> stored = new HashSet<>();
      for (int i = 0; i < history.size(); i++) {
        stored.add(history.getJsonObject(i).getString("clientMsgId"));
      }
      assertThat(stored).containsAll(acked).doesNotContainAnyElementsOf(refused);
    }
  }
}
