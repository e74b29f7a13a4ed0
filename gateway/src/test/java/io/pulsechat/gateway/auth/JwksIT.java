package io.pulsechat.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulsechat.gateway.testing.ChatClient;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * AUTH_JWKS_URL against a real key-set server on loopback: RS256 and ES256 tokens of its keys
 * get in, a rotated key is fetched once, and tokens that pick their own algorithm or key id do not.
 */
@DisplayName("tokens checked with a JSON Web Key Set")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksIT {
  private static final int MIN_REFRESH_S = 3;
  private static final Vertx vertx = Vertx.vertx();
  private static final List<JsonObject> published = new CopyOnWriteArrayList<>();
  private static final AtomicInteger fetches = new AtomicInteger();
  private static HttpServer keySet;
  private static TestGateway gateway;
  private static KeyPair rsa1;
  private static KeyPair rsa2;
  private static KeyPair ec1;
  private static volatile long lastFetchNanos;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    rsa1 = rsa.generateKeyPair();
    rsa2 = rsa.generateKeyPair();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    ec1 = ec.generateKeyPair();
    published.add(rsaJwk("rsa-1", rsa1));
    published.add(ecJwk("ec-1", ec1));
    keySet = TestGateway.await(vertx.createHttpServer().requestHandler(req -> {
      fetches.incrementAndGet();
      lastFetchNanos = System.nanoTime();
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("keys", new JsonArray(List.copyOf(published))).encode());
    }).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
    gateway = TestGateway.start(Map.of("AUTH_MODE", "token",
        "AUTH_JWKS_URL", "http://127.0.0.1:" + keySet.actualPort() + "/.well-known/jwks.json",
        "AUTH_JWKS_MIN_REFRESH_S", String.valueOf(MIN_REFRESH_S)));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    TestGateway.await(vertx.close(), Duration.ofSeconds(10));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A big-endian unsigned integer of exactly {@code size} bytes (JWK's encoding of key numbers). */
  private static byte[] unsigned(BigInteger n, int size) {
    byte[] raw = n.toByteArray();
    if (raw.length == size) {
      return raw;
    }
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }

  static JsonObject rsaJwk(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    byte[] n = key.getModulus().toByteArray();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", b64(n[0] == 0 ? Arrays.copyOfRange(n, 1, n.length) : n))
        .put("e", b64(key.getPublicExponent().toByteArray()));
  }

  private static JsonObject ecJwk(String kid, KeyPair pair) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "EC").put("kid", kid).put("use", "sig").put("crv", "P-256")
        .put("x", b64(unsigned(key.getW().getAffineX(), 32))).put("y", b64(unsigned(key.getW().getAffineY(), 32)));
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  static String token(String alg, KeyPair pair, String kid, String user) {
    JWTAuth signer = JWTAuth.create(null, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm(alg).setBuffer(pem(pair))));
    return signer.generateToken(new JsonObject().put("sub", user), new JWTOptions().setAlgorithm(alg)
        .setExpiresInMinutes(10).setHeader(new JsonObject().put("kid", kid)));
  }

  private static ChatClient connect(String token) {
    return TestGateway.await(gateway.tryConnect("/ws?token=" + token, null), TestGateway.TIMEOUT);
  }

  private static void assertRefused(String token) {
    Throwable failure = assertThatThrownBy(() -> connect(token)).isInstanceOf(UpgradeRejectedException.class)
        .actual();
    assertThat(((UpgradeRejectedException) failure).getStatus()).isEqualTo(401);
  }

  @Test
  @Order(1)
  @DisplayName("an RS256 token of a published key joins as its sub")
  void rs256TokenOfAPublishedKeyGetsIn() {
    assertThat(connect(token("RS256", rsa1, "rsa-1", "alice")).join(TestGateway.room("rs"), "alice")
        .getString("user")).isEqualTo("alice");
  }

  @Test
  @Order(2)
  @DisplayName("an ES256 token of a published key joins as its sub")
  void es256TokenOfAPublishedKeyGetsIn() {
    assertThat(connect(token("ES256", ec1, "ec-1", "bob")).join(TestGateway.room("es"), "bob")
        .getString("user")).isEqualTo("bob");
  }

  @Test
  @Order(3)
  @DisplayName("a token signed with a key the set does not hold, under a published kid, gets 401")
  void forgedSignatureUnderAPublishedKidIsRefused() {
    assertRefused(token("RS256", rsa2, "rsa-1", "alice"));
  }

  @Test
  @Order(4)
  @DisplayName("an HS256 token (alg confusion: the public key as its secret) and alg none get 401")
  void tokensChoosingTheirOwnAlgorithmAreRefused() {
    String publicAsSecret = b64(rsa1.getPublic().getEncoded());
    assertRefused(TokenCommand.sign(publicAsSecret, new JsonObject().put("sub", "alice")
        .put("exp", Tokens.now() + 600)));
    assertRefused(Tokens.unsigned(new JsonObject().put("sub", "alice").put("exp", Tokens.now() + 600)));
  }

  @Test
  @Order(5)
  @DisplayName("a token of a rotated-in key is accepted after one fetch of the set")
  void aRotatedKeyIsFetchedOnItsFirstToken() throws InterruptedException {
    published.add(rsaJwk("rsa-2", rsa2));
    // The gateway fetched the set at start-up; a new fetch is allowed once the window since then has passed.
    long waitMs = MIN_REFRESH_S * 1000L + 200 - (System.nanoTime() - lastFetchNanos) / 1_000_000;
    if (waitMs > 0) {
      Thread.sleep(waitMs);
    }
    int before = fetches.get();

    assertThat(connect(token("RS256", rsa2, "rsa-2", "carol")).join(TestGateway.room("rot"), "carol")
        .getString("user")).isEqualTo("carol");
    assertThat(fetches.get()).isEqualTo(before + 1);
  }

  @Test
  @Order(6)
  @DisplayName("tokens with made-up key ids get 401 and fetch the set at most once per AUTH_JWKS_MIN_REFRESH_S")
  void madeUpKeyIdsDoNotHammerTheIssuer() {
    int before = fetches.get();
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      assertRefused(token("RS256", rsa1, "made-up-" + i, "mallory"));
    }
    // One fetch per started window at most, however slow this machine made the ten handshakes.
    long windows = 1 + (System.nanoTime() - start) / (MIN_REFRESH_S * 1_000_000_000L);
    assertThat(fetches.get() - before).isLessThanOrEqualTo((int) windows).isLessThan(10);
  }
}
