package io.pulsechat.loadgen.it;

import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway on a free loopback port, in this JVM, with the settings a test names on top
 * of its defaults (tests that send fast must raise the per-connection limits themselves).
 */
final class RunningGateway implements AutoCloseable {
  private final Vertx vertx;
  private final Gateway gateway;

  private RunningGateway(Vertx vertx, Gateway gateway) {
    this.vertx = vertx;
    this.gateway = gateway;
  }

  static RunningGateway start(Path dataDir, Map<String, String> settings) throws Exception {
    Map<String, String> all = new HashMap<>(settings);
    all.put("HOST", "127.0.0.1");
    all.put("PORT", "0");
    all.put("DATA_DIR", Files.createDirectories(dataDir).toString());
    Vertx vertx = Vertx.vertx();
    try {
      return new RunningGateway(vertx, await(Gateway.start(vertx, GatewayConfig.from(all)), Duration.ofSeconds(60)));
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  String url() {
    return "ws://127.0.0.1:" + gateway.port() + "/ws";
  }

  @Override
  public void close() throws Exception {
    try {
      await(gateway.stop(), Duration.ofSeconds(30));
    } finally {
      await(vertx.close(), Duration.ofSeconds(30));
    }
  }

  static <T> T await(Future<T> future, Duration timeout) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
