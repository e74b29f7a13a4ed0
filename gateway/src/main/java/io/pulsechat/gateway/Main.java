package io.pulsechat.gateway;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts the gateway from environment variables and stops it gracefully on SIGTERM/SIGINT.
 * Exits explicitly: the embedded DynamoDB Local leaves a non-daemon thread behind.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("token")) {
      System.exit(io.pulsechat.gateway.auth.TokenCommand.run(java.util.List.of(args).subList(1, args.length),
          System.getenv(), System.out, System.err));
      return;
    }
    // java.util.logging (sqlite4java inside DynamoDB Local) goes through the same log and format.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Map<String, String> env = System.getenv();
    GatewayConfig config;
    try {
      config = GatewayConfig.from(env);
    } catch (IllegalArgumentException e) {
      log.error(e.getMessage());
      System.exit(2);
      return;
    }
    log.info("Settings other than the defaults: {}", GatewayConfig.nonDefaultLine(env));
    GatewayConfig.unknownKeys(env).forEach(k -> log.warn("Unknown setting {} is ignored; see README's table", k));
    if (config.aws().frontDoor() == GatewayConfig.FrontDoor.ApiGateway && config.auth().apigwSecret().isEmpty()) {
      log.warn("AUTH_APIGW_SECRET is not set: anyone who reaches this port can post frames to /apigw/messages as"
          + " any API Gateway connection");
    }
    if (config.host().equals("0.0.0.0")) {
      log.info("Listening on every interface; set HOST=127.0.0.1 to serve this machine only");
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      log.error("The gateway could not start: {}", e.getCause() != null ? e.getCause().toString() : e.toString());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        long waitMs = config.shutdownGrace().toMillis() + 15_000;
        gateway.stop().toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("Shutdown did not finish cleanly: {}", e.toString());
      }
    }, "pulsechat-shutdown"));
  }
}
