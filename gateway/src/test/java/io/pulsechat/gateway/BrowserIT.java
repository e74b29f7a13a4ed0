package io.pulsechat.gateway;

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
import com.microsoft.playwright.options.ReducedMotion;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser client in {@code public/}, driven in Debian's Chromium against the real gateway
 * started in-process on a free port. Each test uses its own room and its own browser contexts
 * (one per user, so each has its own localStorage and network), so the tests are independent.
 *
 * <p>Set {@code -Dpulsechat.it.baseUrl=http://host:port/} to run the same checks against a gateway
 * that is already running instead.
 */
class BrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  // Chromium resolves nothing but the gateway's loopback address: no update or account lookups.
  private static final List<String> CHROMIUM_ARGS = List.of(
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");

  @TempDir
  static Path dataDir;

  private static Vertx vertx;
  private static Gateway gateway;
  private static String baseUrl;
  private static Playwright playwright;
  private static Browser browser;

  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<String> pageErrors = new ArrayList<>();
  private String room;

  @BeforeAll
  static void startGatewayAndBrowser() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    String external = System.getProperty("pulsechat.it.baseUrl", "");
    if (external.isBlank()) {
      vertx = Vertx.vertx();
      GatewayConfig config = GatewayConfig.from(Map.of(
          "PORT", "0", "MANAGEMENT_PORT", "0",
          "HOST", "127.0.0.1",
          "DATA_DIR", dataDir.toString(),
          // Two event loops, so that the two users may well sit on different loops.
          "CHAT_EVENT_LOOPS", "2",
          // seeding history sends 60 messages at once, above the default burst of 40
          "CHAT_RATE_PER_SECOND", "1000",
          "CHAT_RATE_BURST", "1000"));
      gateway = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
      baseUrl = "http://127.0.0.1:" + gateway.port() + "/";
    } else {
      baseUrl = external.endsWith("/") ? external : external + "/";
    }
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(CHROMIUM_ARGS));
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (gateway != null) {
      gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void pickRoom(TestInfo info) {
    String method = info.getTestMethod().orElseThrow().getName();
    room = method.substring(0, Math.min(40, method.length())) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
    assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
  }

  @Test
  void messageReachesTheOtherUserWithAuthorSentimentAndPresence() {
    Page alice = join("alice", 1100, 720);
    Page bob = join("bob", 1100, 720);

    assertThat(alice.locator("#members li")).hasCount(2);
    assertThat(alice.locator("#members li[data-user='bob']")).isVisible();
    assertThat(bob.locator("#members li[data-user='alice']")).isVisible();
    assertThat(alice.locator("#member-count")).hasText("2");

    send(alice, "Good morning, this release looks great!");
    Locator received = message(bob, "Good morning, this release looks great!");
    assertThat(received).hasCount(1);
    assertThat(received.locator(".author")).hasText("alice");
    assertThat(received.locator("time")).hasAttribute("datetime", Pattern.compile("^\\d{4}-"));
    Locator sentiment = received.locator(".sentiment");
    assertThat(sentiment).hasAttribute("data-label", Pattern.compile("^(positive|neutral|negative)$"));
    assertThat(sentiment).hasAttribute("title", Pattern.compile("score .*model "));
    // the sender sees its own message confirmed, not pending
    assertThat(message(alice, "Good morning")).hasCount(1);
    assertThat(alice.locator("#pending li")).hasCount(0);

    bob.context().close();
    contexts.remove(bob.context());
    assertThat(alice.locator("#members li[data-user='bob']")).hasCount(0);
    assertThat(alice.locator("#member-count")).hasText("1");
    screenshot(alice, "desktop-two-users");
  }

  @Test
  void aSecondBrowserCannotJoinUnderANameTheFirstHolds() {
    join("alice", 1100, 720);
    // Another browser (its own localStorage, so its own guest key) asks for the same name.
    BrowserContext context = browser.newContext();
    contexts.add(context);
    Page impostor = context.newPage();
    watchErrors(impostor, "impostor");
    impostor.navigate(baseUrl + "#" + room);
    impostor.locator("#join-user").fill("alice");
    impostor.locator("#join-form button[type=submit]").click();

    assertThat(impostor.locator("#join-error")).containsText("someone else is using that name");
    assertThat(impostor.locator("#join-screen")).isVisible();
  }

  @Test
  void htmlInMessagesIsShownAsText() {
    Page alice = join("alice", 1100, 720);
    Page mallory = join("<b>mallory</b>", 1100, 720);
    String attack = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";

    send(mallory, attack);
    Locator shown = message(alice, "<img src=x");
    assertThat(shown.locator(".text")).hasText(attack);
    assertThat(shown.locator(".author")).hasText("<b>mallory</b>");
    assertThat(alice.locator("#messages img, #messages script, #messages b")).hasCount(0);
    assertThat(alice.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
    screenshot(alice, "html-as-text");
  }

  @Test
  void offlineUserCatchesUpOnceAndResendsWhatWasNotAcked() throws Exception {
    Page alice = join("alice", 1100, 720);
    Page bob = join("bob", 1100, 720);
    send(alice, "before the outage");
    assertThat(message(bob, "before the outage")).hasCount(1);

    bob.context().setOffline(true);
    assertThat(bob.locator("#conn-status")).hasAttribute("data-state", Pattern.compile("offline|waiting"));
    send(alice, "said while bob was away");
    assertThat(message(alice, "said while bob was away")).hasCount(1);
    // more than joined.history's 50 arrive while bob is away, so only history `after` can fill the gap
    seed("archivist", 55);
    send(bob, "typed on the train");
    Locator pending = bob.locator("#pending li", new Page.LocatorOptions().setHasText("typed on the train"));
    assertThat(pending).hasAttribute("data-state", "queued");
    screenshot(bob, "offline-pending");
    assertThat(message(bob, "said while bob was away")).hasCount(0);

    bob.context().setOffline(false);
    assertThat(bob.locator("#conn-status")).hasAttribute("data-state", "online", new LocatorAssertions.HasAttributeOptions().setTimeout(40_000));
    assertThat(message(bob, "said while bob was away")).hasCount(1);
    assertThat(message(bob, "typed on the train")).hasCount(1);
    assertThat(bob.locator("#pending li")).hasCount(0);
    assertThat(message(alice, "typed on the train")).hasCount(1);
    assertThat(bob.locator("#messages li")).hasCount(1 + 1 + 55 + 1);

    // a reload starts from scratch: the name is remembered and the room comes from the address
    bob.reload();
    assertThat(bob.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(bob.locator("#room-name")).hasText(room);
    // joined brings the latest 50 again; the two oldest come back by scrolling up, once each
    assertThat(bob.locator("#messages li")).hasCount(50);
    assertThat(message(bob, "typed on the train")).hasCount(1);
    assertThat(bob.locator("#mood")).hasAttribute("data-tone", Pattern.compile("positive|neutral|negative"));
    bob.evaluate("() => { document.getElementById('scroller').scrollTop = 0; }");
    assertThat(bob.locator("#messages li")).hasCount(1 + 1 + 55 + 1);
    for (String text : List.of("before the outage", "said while bob was away", "typed on the train")) {
      assertThat(message(bob, text)).hasCount(1);
    }
    assertThat(message(alice, "typed on the train")).hasCount(1);
    screenshot(bob, "after-reconnect");
  }

  @Test
  void olderHistoryLoadsWhenScrollingToTheTop() throws Exception {
    int seeded = 60;
    seed("archivist", seeded);
    Page reader = join("reader", 1100, 720);

    // joined carries the latest 50
    assertThat(reader.locator("#messages li")).hasCount(50);
    assertThat(message(reader, "seed 059")).hasCount(1);
    assertThat(message(reader, "seed 009")).hasCount(0);

    reader.evaluate("() => { document.getElementById('scroller').scrollTop = 0; }");
    assertThat(reader.locator("#messages li")).hasCount(seeded);
    assertThat(reader.locator("#older-status")).hasAttribute("data-more", "false");
    List<String> texts = reader.locator("#messages li .text").allTextContents();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < seeded; i++) {
      expected.add(String.format("seed %03d", i));
    }
    assertThat(texts).containsExactlyElementsOf(expected);
    screenshot(reader, "older-history");
  }

  @Test
  void phoneWidthHasNoHorizontalScroll() {
    Page alice = join("alice", 1100, 720);
    Page phone = join("Zoë on a phone", 375, 740);
    send(alice, "https://example.invalid/" + "a-very-long-path-without-any-spaces".repeat(8));
    send(alice, "A normal sentence that wraps over a few lines on a narrow screen, as most chat lines do.");
    assertThat(phone.locator("#messages li")).hasCount(2);

    assertThat(horizontalOverflow(phone)).isLessThanOrEqualTo(0);
    assertThat(phone.locator("#text")).isVisible();
    assertThat(phone.locator("#send")).isVisible();
    screenshot(phone, "phone-375");

    phone.locator("#members-toggle").click();
    assertThat(phone.locator("#members-panel")).isInViewport();
    assertThat(phone.locator("#members li")).hasCount(2);
    assertThat(horizontalOverflow(phone)).isLessThanOrEqualTo(0);
    screenshot(phone, "phone-375-members");
  }

  @Test
  void formsCheckTheProtocolLimitsBeforeSending() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(900, 700)
        .setReducedMotion(ReducedMotion.REDUCE));
    contexts.add(context);
    Page page = context.newPage();
    watchErrors(page, "limits");
    page.navigate(baseUrl + "?room=" + room);
    assertThat(page.locator("#join-room")).hasValue(room);

    page.locator("#join-user").fill("x".repeat(33));
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#join-error")).containsText("at most 32");
    page.locator("#join-user").fill("dora");
    page.locator("#join-room").fill("no spaces!");
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#join-error")).containsText("Room names use only");
    assertThat(page.locator("#chat")).isHidden();

    page.locator("#join-room").fill(room);
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(page).hasURL(Pattern.compile("#" + room + "$"));

    page.locator("#text").fill("é".repeat(2001));
    assertThat(page.locator("#counter")).hasText("2001 / 2000");
    assertThat(page.locator("#counter")).hasAttribute("data-over", "true");
    assertThat(page.locator("#send")).isDisabled();
    page.locator("#text").press("Enter");
    assertThat(page.locator("#banner")).containsText("at most 2000");
    assertThat(page.locator("#pending li")).hasCount(0);

    page.locator("#text").fill("   trimmed like the gateway does   ");
    assertThat(page.locator("#counter")).hasText("29 / 2000");
    page.locator("#text").press("Enter");
    assertThat(page.locator("#messages li .text")).hasText("trimmed like the gateway does");
    screenshot(page, "limits");
  }

  @Test
  void sentimentMoodGaugeChartAndAFlagRoundTrip() throws Exception {
    Page alice = join("alice", 1100, 720);
    send(alice, "I love this, what a great day!");
    send(alice, "This is awful, I hate waiting");
    Locator angry = message(alice, "This is awful");
    assertThat(angry.locator(".sentiment")).hasAttribute("data-label", Pattern.compile("^(positive|neutral|negative)$"));

    // the gauge follows joined.mood and mood frames
    assertThat(alice.locator("#mood")).hasAttribute("data-tone", Pattern.compile("positive|neutral|negative"));
    assertThat(alice.locator("#mood-gauge")).not().hasAttribute("value", "0");
    // the chart is drawn by chart.js, loaded from the gateway, from /api/rooms/{room}/mood
    alice.waitForFunction("() => window.Chart && window.Chart.getChart('mood-chart')"
        + " && window.Chart.getChart('mood-chart').data.datasets[0].data.length >= 1");
    assertThat(alice.locator("#mood-chart-empty")).isHidden();

    String modelLabel = angry.locator(".sentiment").getAttribute("data-label");
    String correction = "negative".equals(modelLabel) ? "neutral" : "negative";
    angry.locator(".flag").click();
    assertThat(angry.locator(".flag-choice")).hasCount(2);
    angry.locator(".flag-choice[data-label='" + correction + "']").click();
    assertThat(angry).hasAttribute("data-flagged", correction);
    assertThat(angry.locator(".flag-menu")).hasCount(0);
    screenshot(alice, "mood-chart-and-flag");

    if (gateway != null) {
      HttpClient http = HttpClient.newHttpClient();
      String export = http.send(java.net.http.HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + gateway.managementPort() + "/api/feedback.jsonl")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertThat(export.lines().map(JsonObject::new)
          .filter(line -> line.getString("room").equals(room)).toList())
          .singleElement()
          .satisfies(line -> {
            assertThat(line.getString("text")).isEqualTo("This is awful, I hate waiting");
            assertThat(line.getString("label")).isEqualTo(correction);
            assertThat(line.getString("modelLabel")).isEqualTo(modelLabel);
            assertThat(line.getString("user")).isEqualTo("alice");
          });
    }
  }

  @Test
  void aLinkWithBrokenPercentEncodingStillOpensTheJoinScreen() {
    BrowserContext context = browser.newContext();
    contexts.add(context);
    Page page = context.newPage();
    watchErrors(page, "broken-link");
    // decodeURIComponent throws on "%E0%A4%A"; the page must ignore such a fragment, not stop.
    page.navigate(baseUrl + "#%E0%A4%A");
    assertThat(page.locator("#join-form")).isVisible();
    page.locator("#join-user").fill("carol");
    page.locator("#join-room").fill(room);
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
  }

  // ---- helpers ------------------------------------------------------------------

  private Page join(String user, int width, int height) {
    // reduced motion: the members drawer appears at once, so screenshots never catch it sliding in
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
        .setReducedMotion(ReducedMotion.REDUCE));
    contexts.add(context);
    Page page = context.newPage();
    watchErrors(page, user);
    page.navigate(baseUrl + "#" + room);
    page.locator("#join-user").fill(user);
    assertThat(page.locator("#join-room")).hasValue(room);
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
    return page;
  }

  /** Uncaught errors and Content-Security-Policy refusals (the page must need no inline script or style). */
  private void watchErrors(Page page, String who) {
    page.onPageError(error -> pageErrors.add(who + ": " + error));
    page.onConsoleMessage(m -> {
      if (m.text().contains("Content Security Policy")) {
        pageErrors.add(who + ": " + m.text());
      }
    });
  }

  private static void send(Page page, String text) {
    page.locator("#text").fill(text);
    page.locator("#text").press("Enter");
    assertThat(page.locator("#text")).hasValue("");
  }

  private static Locator message(Page page, String text) {
    return page.locator("#messages li.msg", new Page.LocatorOptions().setHasText(text));
  }

  private static double horizontalOverflow(Page page) {
    Object overflow = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth,"
        + " document.getElementById('scroller').scrollWidth - document.getElementById('scroller').clientWidth"
        + " + window.innerWidth) - window.innerWidth");
    return ((Number) overflow).doubleValue();
  }

  private void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  /** Stores {@code count} messages in the room through a plain WebSocket client and waits for every ack. */
  private void seed(String user, int count) throws Exception {
    URI ws = URI.create(baseUrl.replaceFirst("^http", "ws") + "ws");
    CountDownLatch joined = new CountDownLatch(1);
    CountDownLatch acks = new CountDownLatch(count);
    AtomicReference<String> failure = new AtomicReference<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(ws, new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              JsonObject frame = new JsonObject(partial.toString());
              partial.setLength(0);
              switch (frame.getString("type")) {
                case "joined" -> joined.countDown();
                case "ack" -> acks.countDown();
                case "error" -> failure.set(frame.encode());
                default -> {
                }
              }
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
          }
        })
        .get(10, TimeUnit.SECONDS);
    try {
      socket.sendText(new JsonObject().put("type", "join").put("room", room).put("user", user).encode(), true).join();
      assertThat(joined.await(10, TimeUnit.SECONDS)).as("joined").isTrue();
      for (int i = 0; i < count; i++) {
        socket.sendText(new JsonObject().put("type", "send").put("room", room)
            .put("text", String.format("seed %03d", i)).put("clientMsgId", "seed-" + i).encode(), true).join();
      }
      assertThat(acks.await(30, TimeUnit.SECONDS)).as("acks for the seeded messages, error: %s", failure).isTrue();
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }
}
