package io.pulsechat.localaws;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed shape rehearsed by {@code scripts/local-aws.sh} and driven in Debian's Chromium:
 * the client is loaded from its bucket (through the CloudFront stand-in, never from a gateway),
 * two users join and chat, a third scrolls back through history and the mood chart draws from
 * {@code /api}, through the API Gateway front door and through the direct one; then one gateway
 * is killed and the users of both carry on through the other. Screenshots go to
 * {@code target/screenshots}.
 */
class LocalAwsBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path RUN = Path.of("target", "local-aws-it").toAbsolutePath();
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration START_LIMIT = Duration.ofMinutes(6);

  private static Process rehearsal;
  private static JsonObject state;
  private static Playwright playwright;
  private static Browser browser;

  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRehearsal() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    for (String built : List.of("gateway/target/gateway.jar", "local-aws/target/local-aws.jar",
        "gateway/target/client/index.html")) {
      assertThat(REPO.resolve(built)).as("built by ./mvnw package (the gateway module comes first)").exists();
    }
    Files.createDirectories(RUN);
    try (var old = Files.newDirectoryStream(RUN, "frames-*.log")) {
      for (Path log : old) {
        Files.delete(log);
      }
    }
    Path stateFile = RUN.resolve("state.json");
    Files.deleteIfExists(stateFile);
    rehearsal = new ProcessBuilder("bash", "scripts/local-aws.sh", "--no-build", "--state", stateFile.toString())
        .directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(RUN.resolve("local-aws.sh.log").toFile())
        .start();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!Files.isRegularFile(stateFile)) {
      assertThat(rehearsal.isAlive()).as("scripts/local-aws.sh is running; see " + RUN).isTrue();
      assertThat(System.nanoTime()).as("the rehearsal is ready within " + START_LIMIT).isLessThan(deadline);
      Thread.sleep(500);
    }
    state = new JsonObject(Files.readString(stateFile));
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")));
    PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopRehearsal() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (rehearsal != null) {
      rehearsal.destroy(); // SIGTERM: the script stops what it started
      if (!rehearsal.waitFor(60, TimeUnit.SECONDS)) {
        rehearsal.destroyForcibly();
      }
    }
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
  }

  @Test
  void bothFrontDoorsChatScrollBackDrawTheMoodAndOutliveAGateway() throws Exception {
    List<Page[]> doors = new ArrayList<>();
    doors.add(chatScrollAndChart(state.getString("clientUrl"), "apigw-" + System.nanoTime(),
        URI.create(state.getString("webSocketUrl") + "?user=seeder"), "apigw"));
    doors.add(chatScrollAndChart(state.getString("directClientUrl"), "direct-" + System.nanoTime(),
        URI.create(state.getString("loadBalancerUrl")), "direct"));

    // Both keep chatting after the kill. Behind API Gateway the surviving gateway closes the
    // connections whose home died, and their clients reconnect, join again and catch up (README,
    // "A fleet behind API Gateway"), readers included. Directly, the client whose gateway died
    // reconnects through the load balancer to the other one and catches up.
    killAGateway();
    String[] names = {"apigw", "direct"};
    var later = new LocatorAssertions.HasCountOptions().setTimeout(120_000);
    for (int i = 0; i < doors.size(); i++) {
      Page alice = doors.get(i)[0];
      Page bob = doors.get(i)[1];
      send(bob, "bob after the kill");
      send(alice, "alice after the kill");
      assertThat(message(bob, "alice after the kill")).hasCount(1, later);
      assertThat(message(alice, "bob after the kill")).hasCount(1, later);
      assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
      screenshot(bob, "local-aws-" + names[i] + "-after-kill");
    }
    assertThat(problems).as("page errors and requests outside the site").isEmpty();
  }

  /** Alice and Bob chat, Carol scrolls back past joined.history, the chart draws; returns Alice's and Bob's pages. */
  private Page[] chatScrollAndChart(String site, String room, URI seedSocket, String name) throws Exception {
    Page alice = join(site, room, "alice");
    Page bob = join(site, room, "bob");
    send(alice, "I love this, what a great day!");
    Locator received = message(bob, "what a great day");
    assertThat(received).hasCount(1);
    assertThat(received.locator(".author")).hasText("alice");

    // more than joined.history's 50, so the oldest come only by scrolling up
    seed(seedSocket, room, 55);
    Page carol = join(site, room, "carol");
    assertThat(carol.locator("#messages li.msg")).hasCount(50);
    carol.evaluate("() => { document.getElementById('scroller').scrollTop = 0; }");
    assertThat(carol.locator("#messages li.msg")).hasCount(56);
    assertThat(message(carol, "what a great day")).hasCount(1);
    carol.context().close();
    contexts.remove(carol.context());

    // the mood chart: chart.js from the bucket, its data from /api on the same origin
    alice.waitForFunction("() => window.Chart && window.Chart.getChart('mood-chart')"
        + " && window.Chart.getChart('mood-chart').data.datasets[0].data.length >= 1");
    screenshot(alice, "local-aws-" + name + "-chat");
    return new Page[] {alice, bob};
  }

  /** Opens the client from the site (never from a gateway) and joins; every page resource comes from that origin. */
  private Page join(String site, String room, String user) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 720));
    contexts.add(context);
    Page page = context.newPage();
    String origin = URI.create(site).resolve("/").toString();
    page.onPageError(error -> problems.add(user + ": " + error));
    page.onRequest(request -> {
      if (!request.url().startsWith(origin) && !request.url().startsWith("ws")) {
        problems.add(user + " fetched " + request.url() + " from outside the site " + origin);
      }
    });
    // Every frame each browser sends and receives, with the time, for reading a failure afterwards.
    Path frames = RUN.resolve("frames-" + room + "-" + user + ".log");
    page.onWebSocket(socket -> {
      logFrame(frames, "open " + socket.url());
      socket.onFrameSent(f -> logFrame(frames, "> " + f.text()));
      socket.onFrameReceived(f -> logFrame(frames, "< " + f.text()));
      socket.onClose(s -> logFrame(frames, "closed"));
    });
    page.navigate(site + "#" + room);
    page.locator("#join-user").fill(user);
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(page.evaluate("() => typeof window.Chart")).isEqualTo("function");
    return page;
  }

  private static void logFrame(Path file, String line) {
    try {
      Files.writeString(file, Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL of the first gateway, as an instance dying would. */
  private static void killAGateway() throws IOException {
    for (Object g : state.getJsonArray("gateways")) {
      long pid = ((JsonObject) g).getLong("pid");
      var process = ProcessHandle.of(pid);
      if (process.isPresent() && process.get().isAlive()) {
        process.get().destroyForcibly();
        Files.writeString(RUN.resolve("killed.txt"), Instant.now() + " killed " + g + "\n");
        return;
      }
    }
  }

  private static void send(Page page, String text) {
    page.locator("#text").fill(text);
    page.locator("#text").press("Enter");
    assertThat(page.locator("#text")).hasValue("");
  }

  private static Locator message(Page page, String text) {
    return page.locator("#messages li.msg", new Page.LocatorOptions().setHasText(text));
  }

  private static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  /** Stores {@code count} messages through the front door, paced under the send rate, and waits for every ack. */
  private static void seed(URI socketUrl, String room, int count) throws Exception {
    CountDownLatch joined = new CountDownLatch(1);
    CountDownLatch acks = new CountDownLatch(count);
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(socketUrl, new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String type = new JsonObject(partial.toString()).getString("type", "");
          partial.setLength(0);
          if ("joined".equals(type)) {
            joined.countDown();
          } else if ("ack".equals(type)) {
            acks.countDown();
          }
        }
        webSocket.request(1);
        return CompletableFuture.completedFuture(null);
      }
    }).get(30, TimeUnit.SECONDS);
    try {
      socket.sendText(new JsonObject().put("type", "join").put("room", room).put("user", "seeder").encode(), true).join();
      assertThat(joined.await(30, TimeUnit.SECONDS)).as("seeder joined").isTrue();
      for (int i = 0; i < count; i++) {
        socket.sendText(new JsonObject().put("type", "send").put("room", room)
            .put("text", String.format("seed %03d", i)).put("clientMsgId", "seed-" + i).encode(), true).join();
        Thread.sleep(80); // 12.5 a second: under the default 20 a second
      }
      assertThat(acks.await(60, TimeUnit.SECONDS)).as("acks for the seeded messages").isTrue();
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }
}
