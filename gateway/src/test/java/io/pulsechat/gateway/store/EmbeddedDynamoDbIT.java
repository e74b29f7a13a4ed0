package io.pulsechat.gateway.store;

import static io.pulsechat.gateway.store.TestMessages.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.protocol.ChatMessage;
import io.pulsechat.gateway.protocol.HistoryPage;
import io.pulsechat.gateway.protocol.HistoryQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The file-backed DynamoDB Local the gateway embeds by default. Blocking on purpose: this is start-up code. */
@ExtendWith(VertxExtension.class)
class EmbeddedDynamoDbIT {

  @Test
  void messagesSurviveAStopAndARestartOnANewPort(Vertx vertx, @TempDir Path dataDir) throws Exception {
    // TestMessages date from 2023: with a TTL they would be expired, and DynamoDB Local deletes
    // expired items as DynamoDB does, so this test about durability keeps them forever.
    GatewayConfig config = GatewayConfig.from(Map.of("CHAT_TABLE_PREFIX", "file-it-", "CHAT_BATCH_WINDOW_MS", "1",
        "CHAT_MESSAGE_TTL_DAYS", "0"));
    List<ChatMessage> sent = messages("durable", 0, 5);
    URI firstEndpoint;

    try (EmbeddedDynamoDb first = EmbeddedDynamoDb.startWithFiles(dataDir)) {
      firstEndpoint = first.endpoint();
      assertThat(firstEndpoint.getHost()).isEqualTo("127.0.0.1");
      DynamoDbAsyncClient client = first.client();
      try {
        MessageStore store = storeOn(vertx, client, config);
        await(Future.all(sent.stream().map(store::append).toList()));
        await(store.flush());
      } finally {
        client.close();
      }
    }
    assertThat(dataDir.resolve("shared-local-instance.db")).exists();

    try (EmbeddedDynamoDb second = EmbeddedDynamoDb.startWithFiles(dataDir)) {
      assertThat(second.endpoint()).isNotEqualTo(firstEndpoint);
      DynamoDbAsyncClient client = second.client();
      try {
        MessageStore store = storeOn(vertx, client, config);
        HistoryPage page = await(store.history(HistoryQuery.latest("durable", 50)));
        assertThat(page.messages()).containsExactlyElementsOf(sent);
        assertThat(await(store.findByClientMsgId("durable", sent.get(2).user(), sent.get(2).clientMsgId())))
            .isEqualTo(sent.get(2));
      } finally {
        client.close();
      }
    }
  }

  @Test
  void itListensOnLoopbackOnly() throws Exception {
    InetAddress nonLoopback = firstNonLoopbackAddress();
    org.junit.jupiter.api.Assumptions.assumeTrue(nonLoopback != null, "this machine has no non-loopback address");
    try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.startInMemory()) {
      int port = dynamo.endpoint().getPort();
      try (Socket loopback = new Socket("127.0.0.1", port)) {
        assertThat(loopback.isConnected()).isTrue();
      }
      assertThat(canConnect(nonLoopback, port)).isFalse();
    }
  }

  private static MessageStore storeOn(Vertx vertx, DynamoDbAsyncClient client, GatewayConfig config) throws Exception {
    await(new DynamoDbTables(vertx, client, config.tablePrefix()).ensureMessagesTable());
    return new DynamoDbMessageStore(vertx, client, config, new SimpleMeterRegistry());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static boolean canConnect(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new java.net.InetSocketAddress(address, port), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static InetAddress firstNonLoopbackAddress() throws Exception {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      for (var address : java.util.Collections.list(nic.getInetAddresses())) {
        if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
          return address;
        }
      }
    }
    return null;
  }
}
