package io.pulsechat.gateway.apigw;

import io.pulsechat.gateway.protocol.EncodedFrame;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code POST /apigw/messages}: one client frame (the body) from API Gateway's {@code $default}
 * route, with the connection id in the {@code ConnectionId} header. The response body, when
 * there is one, is the sender's answer; API Gateway passes it to the client as one frame.
 */
public final class ApiGatewayRoute implements Handler<RoutingContext> {
  public static final String PATH = "/apigw/messages";
  private static final String JSON = "application/json; charset=utf-8";

  /** The header the stack's integration (and local-aws's stand-in) sets to the shared secret. */
  public static final String SECRET_HEADER = "X-PulseChat-Secret";
  /** When API Gateway received the frame (its {@code context.requestTimeEpoch}): the home orders by it. */
  public static final String RECEIVED_AT_HEADER = "X-PulseChat-Received-At";
  /**
   * The client's address as API Gateway saw it (its {@code context.identity.sourceIp}): flags are
   * bounded per address over all connections, so without it they are not taken.
   */
  public static final String SOURCE_IP_HEADER = "X-PulseChat-Source-Ip";
  /** Longest address kept: an IPv6 address with a zone is under 64 characters. */
  private static final int MAX_SOURCE_IP = 64;

  private final Vertx vertx;
  private final ConnectionHomes homes;
  private final DeliveryOptions options;
  private final byte[] secret;

  /** {@code secret} empty: any caller that reaches the port may post frames. */
  public ApiGatewayRoute(Vertx vertx, ConnectionHomes homes, Optional<String> secret) {
    this.vertx = vertx;
    this.homes = homes;
    this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    this.options = new DeliveryOptions().setCodecName(InboundCodec.NAME)
        .setSendTimeout(ApiGatewayFrontDoor.REPLY_WAIT.toMillis() + 5_000);
  }

  public static void mount(Router router, Vertx vertx, ConnectionHomes homes, Optional<String> secret) {
    InboundCodec.registerOn(vertx.eventBus());
    router.post(PATH).handler(new ApiGatewayRoute(vertx, homes, secret));
  }

  private static long receivedAt(RoutingContext rc) {
    String sent = rc.request().getHeader(RECEIVED_AT_HEADER);
    try {
      return sent == null ? -1 : Long.parseLong(sent.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Null when the integration sent none, or something that cannot be an address. */
  private static String sourceIp(RoutingContext rc) {
    String sent = rc.request().getHeader(SOURCE_IP_HEADER);
    if (sent == null) {
      return null;
    }
    String ip = sent.strip();
    return ip.isEmpty() || ip.length() > MAX_SOURCE_IP || !ip.chars().allMatch(ApiGatewayRoute::addressChar) ? null : ip;
  }

  private static boolean addressChar(int c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '%');
  }

  @Override
  public void handle(RoutingContext rc) {
    if (secret != null) {
      String sent = rc.request().getHeader(SECRET_HEADER);
      // Constant time: the comparison must not tell a prober how much of the secret it guessed.
      if (sent == null || !MessageDigest.isEqual(secret, sent.getBytes(StandardCharsets.UTF_8))) {
        rc.response().setStatusCode(403).putHeader("content-type", JSON)
            .end("{\"code\":\"forbidden\",\"message\":\"only API Gateway's integration may post here\"}");
        return;
      }
    }
    String connectionId = rc.request().getHeader("ConnectionId");
    if (connectionId == null || connectionId.isBlank()) {
      rc.response().setStatusCode(400).putHeader("content-type", JSON)
          .end("{\"code\":\"bad_request\",\"message\":\"the ConnectionId header is required\"}");
      return;
    }
    // Whichever instance API Gateway picked, the frame goes on to the connection's home. The
    // router's BodyLimit has read the body, bounded.
    String body = rc.body().asString();
    homes.homeOf(connectionId)
        .compose(home -> vertx.eventBus().<Inbound.Reply>request(
            ApiGatewayFrontDoor.address(home),
            new Inbound.Frame(connectionId, body == null ? "" : body, receivedAt(rc), sourceIp(rc)), options))
        .onComplete(ar -> {
          if (ar.failed()) {
            rc.response().setStatusCode(503).end();
            return;
          }
          EncodedFrame frame = ar.result().body().frame();
          if (frame == null) {
            rc.response().setStatusCode(200).end();
          } else {
            rc.response().setStatusCode(200).putHeader("content-type", JSON).end(frame.json());
          }
        });
  }
}
