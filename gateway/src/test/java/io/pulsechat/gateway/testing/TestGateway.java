package io.pulsechat.gateway.testing;

import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real gateway on a free loopback port, with a fresh {@code DATA_DIR}, and the clients that
 * talk to it over real sockets. The gateway runs on a Vert.x instance of its own, started as
 * {@code Main} starts it, and the clients on another, so a client never shares an event loop
 * with the server it tests.
 *
 * <p>The {@link WebSocketClient} is a field on purpose: Vert.x 5 closes clients that become
 * unreachable, in the middle of a test (toolchain notes, section 7).
 */
public final class TestGateway implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("it.timeout", 15));
  private static final AtomicLong ROOMS = new AtomicLong();

  private final Map<String, String> settings;
  private final Path dataDir;
  private final Vertx clientVertx = Vertx.vertx();
  private final WebSocketClient webSockets;
  private final HttpClient http;
  private final List<ChatClient> clients = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private int port;
  /** Whether {@link #close()} deletes the data folder: true for the fresh one made by {@link #start(Map)}. */
  private boolean ownsData;

  private TestGateway(Map<String, String> overrides, Path dataDir) {
    this.dataDir = dataDir;
    Map<String, String> all = new HashMap<>();
    all.put("HOST", "127.0.0.1");
    all.put("PORT", "0");
    all.put("MANAGEMENT_PORT", "0");
    all.put("DATA_DIR", dataDir.toString());
    // -Dit.transport=nio|epoll|io_uring runs every test on that network transport (default: auto).
    all.put("TRANSPORT", System.getProperty("it.transport", "auto"));
    all.putAll(overrides);
    this.settings = Map.copyOf(all);
    this.webSockets = ChatClient.newWebSocketClient(clientVertx);
    // The JDK client, not Vert.x's: with Vert.x 5.0.10's HttpClient driven from the JUnit thread, about
    // one request in 500 never completed (no response, no error) while the JDK client never hung.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  }

  /** Starts a gateway with these settings on top of loopback, port 0 and a fresh data folder. */
  public static TestGateway start(Map<String, String> overrides) {
    Path fresh;
    try {
      fresh = Files.createTempDirectory("pulsechat-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestGateway tg = start(overrides, fresh);
    tg.ownsData = true;
    return tg;
  }

  /** Leaves the data folder behind on {@link #close()}, for a later gateway to read; see {@link #deleteData()}. */
  public TestGateway keepData() {
    ownsData = false;
    return this;
  }

  /** Starts a gateway on an existing data folder, e.g. to read what a previous one stored. */
  public static TestGateway start(Map<String, String> overrides, Path dataDir) {
    TestGateway tg = new TestGateway(overrides, dataDir);
    try {
      tg.boot();
    } catch (RuntimeException | Error e) {
      tg.close();
      throw e;
    }
    return tg;
  }

  private void boot() {
    // As Main starts it: a Vert.x of its own, with Vert.x's meters in /metrics.
    gateway = await(Gateway.start(GatewayConfig.from(settings)), Duration.ofSeconds(60));
    port = gateway.port();
  }

  /** A room name nobody else in this JVM uses, so tests can share one gateway. */
  public static String room(String hint) {
    return hint + "-" + ROOMS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  public int port() {
    return port;
  }

  public Gateway gateway() {
    return gateway;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Map<String, String> settings() {
    return settings;
  }

  /** Opens a WebSocket to {@code /ws}; nothing is sent yet. */
  public ChatClient connect() {
    ChatClient client = await(ChatClient.connect(webSockets, port), TIMEOUT);
    clients.add(client);
    return client;
  }

  /**
   * Opens a WebSocket to {@code uri} (such as {@code /ws?token=...}), with an Authorization header
   * unless null: a failed future when the gateway refuses the upgrade.
   */
  public Future<ChatClient> tryConnect(String uri, String authorization) {
    return ChatClient.connect(webSockets, port, uri, authorization).onSuccess(clients::add);
  }

  /** GET on the gateway's HTTP port with these request headers (name, value, name, value...). */
  public HttpResult get(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(http, request.build(), path);
  }

  /** {@code method} (POST, PUT, DELETE...) with a JSON body (null for none) and request headers (name, value...). */
  public HttpResult request(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(http, request.build(), path);
  }

  /** Opens a connection and joins {@code room} as {@code user}; the joined frame is consumed. */
  public ChatClient join(String room, String user) {
    ChatClient client = connect();
    client.join(room, user);
    return client;
  }

  /** GET on the gateway's HTTP port. */
  public HttpResult get(String path) {
    return get(http, port, path);
  }

  /** The Prometheus text of /metrics, from the management server. */
  public String metrics() {
    HttpResult r = management("/metrics");
    if (r.status() != 200) {
      throw new AssertionError("GET /metrics answered " + r.status());
    }
    return r.body();
  }

  /** GET on the gateway's management server (/metrics, /api/feedback.jsonl, health). */
  public HttpResult management(String path) {
    return get(http, gateway.managementPort(), path);
  }

  /** GET on any loopback port, e.g. a gateway running in another process. */
  public static HttpResult get(HttpClient http, int port, String path) {
    return send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build(),
        path);
  }

  private static HttpResult send(HttpClient http, HttpRequest request, String path) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of a GET, or -1 when the connection is refused or reset (a gateway that has stopped). */
  public int status(String path) {
    try {
      return get(path).status();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  /** Graceful stop of the gateway (not of the clients). */
  public Future<Void> stopGateway() {
    return gateway.stop();
  }

  @Override
  public void close() {
    for (ChatClient client : clients) {
      client.close();
    }
    if (gateway != null) {
      try {
        await(gateway.stop(), Duration.ofSeconds(30));
      } catch (RuntimeException | AssertionError ignored) {
        // closing anyway
      }
    }
    await(clientVertx.close(), Duration.ofSeconds(30));
    if (ownsData) {
      deleteData();
    }
  }

  /** Deletes the data folder (after {@link #close()}). */
  public void deleteData() {
    try (Stream<Path> paths = Files.walk(dataDir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp folder; leaving it behind is harmless
    }
  }

  /** Blocks the test thread (never an event loop) until the future completes. */
  /** Waits until {@code condition} holds, polling; fails with {@code description} on timeout. */
  public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + description.get());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within " + timeout, e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An HTTP answer, read whole. */
  public record HttpResult(int status, String contentType, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Copies a folder with everything in it (a test's own copy of the browser client, say). */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
