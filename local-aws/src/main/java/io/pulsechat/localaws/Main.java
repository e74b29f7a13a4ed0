package io.pulsechat.localaws;

import io.pulsechat.lambdas.ConnectHandler;
import io.pulsechat.lambdas.DisconnectHandler;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the API Gateway WebSocket stand-in as its own process; with the argument {@code rehearse},
 * the whole deployed shape but the gateways ({@link Rehearsal}, for scripts/local-aws.sh).
 * Settings of the stand-in alone, from the environment:
 * <ul>
 *   <li>{@code PORT} (0 picks a free one; the URL is logged), {@code STAGE} ({@code prod});</li>
 *   <li>{@code INTEGRATION_URLS}: comma-separated {@code http://host:port/apigw/messages} of the gateways;</li>
 *   <li>the Lambdas' own settings, read by their handlers as in Lambda: {@code CONNECTIONS_TABLE},
 *       {@code DYNAMODB_ENDPOINT}, {@code AWS_REGION}, credentials from the default chain.</li>
 * </ul>
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    if (args.length > 0 && "rehearse".equals(args[0])) {
      // scripts/local-aws.sh: everything but the gateways in this process.
      Rehearsal.run(env);
      return;
    }
    String urls = env.getOrDefault("INTEGRATION_URLS", "");
    if (urls.isBlank()) {
      log.error("INTEGRATION_URLS must name the gateways' /apigw/messages, e.g. http://127.0.0.1:8080/apigw/messages");
      System.exit(2);
    }
    List<URI> integrations = Arrays.stream(urls.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .map(URI::create).toList();
    int port = Integer.parseInt(env.getOrDefault("PORT", "0"));
    LocalWebSocketApi.Settings defaults = LocalWebSocketApi.Settings.defaults(port, integrations);
    LocalWebSocketApi.Settings settings = new LocalWebSocketApi.Settings(defaults.host(), port,
        env.getOrDefault("STAGE", defaults.stage()), defaults.apiId(), integrations, defaults.maxMessageBytes(),
        defaults.idleTimeout(), defaults.maxConnection(), defaults.integrationTimeout(), defaults.accountPerSecond(),
        defaults.accountBurst(), defaults.connectionPerSecond(), env.getOrDefault("INTEGRATION_SECRET", ""));
    Vertx vertx = Vertx.vertx();
    new LocalWebSocketApi(vertx, settings, new ConnectHandler(), new DisconnectHandler()).start()
        .onFailure(e -> {
          log.error("The API Gateway stand-in could not start: {}", e.toString());
          System.exit(1);
        });
  }
}
