package io.pulsechat.gateway;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.pulsechat.gateway.testing.PageChecks.seriousViolations;
import static io.pulsechat.gateway.testing.PageChecks.tooSmallTapTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ReducedMotion;
import io.pulsechat.gateway.testing.PageChecks;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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

  /** The browser's notifications, granted and recorded in window.__notifications; document.visibilityState follows window.__hidden. */
  private static final String NOTIFICATIONS_AND_VISIBILITY = """
      window.__notifications = [];
      window.Notification = function (title, options) {
        window.__notifications.push({ title, body: options && options.body });
        this.close = () => {};
      };
      window.Notification.permission = 'granted';
      window.Notification.requestPermission = async () => 'granted';
      Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
      """;

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
    assertThat(bob.locator("#mood")).hasAttribute("data-tone", Pattern.compile("positive|neutral|negative|mixed"));
    bob.evaluate("() => { document.getElementById('scroller').scrollTop = 0; }");
    assertThat(bob.locator("#messages li")).hasCount(1 + 1 + 55 + 1);
    for (String text : List.of("before the outage", "said while bob was away", "typed on the train")) {
      assertThat(message(bob, text)).hasCount(1);
    }
    assertThat(message(alice, "typed on the train")).hasCount(1);
    screenshot(bob, "after-reconnect");
  }

  @Test
  void aSendTheFrontDoorLosesIsSentAgainUntilItIsAcknowledged() {
    Page alice = join("alice", 1100, 720);
    // Bob's frames pass as a front door passes them, but his first two sends are lost: the first
    // answered with API Gateway's own error frame (its integration failed), the second with nothing.
    AtomicInteger sends = new AtomicInteger();
    Page bob = join("bob", 1100, 720, context -> context.routeWebSocket(Pattern.compile(".*/ws(\\?.*)?$"), route -> {
      WebSocketRoute server = route.connectToServer();
      route.onMessage(frame -> {
        if (frame.text() != null && frame.text().contains("\"type\":\"send\"")) {
          int n = sends.incrementAndGet();
          if (n == 1) {
            route.send("{\"message\": \"Internal server error\", \"connectionId\": \"c\", \"requestId\": \"r\"}");
            return;
          }
          if (n == 2) {
            return;
          }
        }
        server.send(frame.text());
      });
    }));
    send(bob, "lost twice, sent three times");
    var later = new LocatorAssertions.HasCountOptions().setTimeout(45_000);
    assertThat(message(alice, "lost twice, sent three times")).hasCount(1, later);
    assertThat(message(bob, "lost twice, sent three times")).hasCount(1);
    assertThat(bob.locator("#pending li")).hasCount(0);
    assertThat(sends.get()).as("sent, lost with an error; sent again on a new connection, lost silently; sent again")
        .isEqualTo(3);
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
    // open mode: nobody owns a room, so none can be made private
    assertThat(page.locator("#join-private-choice")).isHidden();

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
    assertThat(page.locator("#room-add-private-choice")).isHidden();
    assertThat(page.locator("#room-members")).isHidden();

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
    assertThat(alice.locator("#mood")).hasAttribute("data-tone", Pattern.compile("positive|neutral|negative|mixed"));
    assertThat(alice.locator("#mood-gauge")).not().hasAttribute("data-score", "0");
    // the chart is drawn by chart.js, loaded from the gateway, from /api/rooms/{room}/mood
    alice.waitForFunction("() => window.Chart && window.Chart.getChart('mood-chart')"
        + " && window.Chart.getChart('mood-chart').data.datasets[0].data.length >= 1");
    assertThat(alice.locator("#mood-chart-empty")).isHidden();

    String modelLabel = angry.locator(".sentiment").getAttribute("data-label");
    String correction = "negative".equals(modelLabel) ? "neutral" : "negative";
    angry.locator(".more").click();
    angry.locator(".msg-menu [data-action='flag-open']").click();
    assertThat(angry.locator(".flag-choice")).hasCount(2);
    angry.locator(".flag-choice[data-label='" + correction + "']").click();
    assertThat(angry).hasAttribute("data-flagged", correction);
    assertThat(angry.locator(".msg-menu")).hasCount(0);
    assertThat(angry.locator(".flag-note")).isVisible();
    assertThat(angry.locator(".flag-note")).containsText("marked the mood of this message as " + correction);
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

    // the flag is remembered when the room is opened again
    alice.reload();
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(message(alice, "This is awful")).hasAttribute("data-flagged", correction);
    assertThat(message(alice, "This is awful").locator(".flag-note")).isVisible();
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


  @Test
  void twoUsersAcrossTwoRoomsSeeUnreadCountsAMentionNotificationAndSafeLinks() {
    String second = room + "-b";
    Page alice = join("alice", 1280, 800);
    Page bob = join("bob", 390, 844);
    // alice opens a second room from the panel; the first stays joined on the same connection
    alice.locator("#room-add").fill(second);
    alice.locator("#room-form button[type=submit]").click();
    assertThat(alice.locator("#room-name")).hasText(second);
    assertThat(alice.locator("#rooms li")).hasCount(2);
    assertThat(alice).hasTitle("#" + second + " · PulseChat");

    // the tab is hidden, bob asks alice something in the first room
    alice.evaluate("() => { window.__hidden = true; document.dispatchEvent(new Event('visibilitychange')); }");
    send(bob, "@alice can you look at https://example.com/docs?x=1 and javascript:alert(1) please?");
    Locator firstRoom = alice.locator("#rooms li[data-room='" + room + "']");
    assertThat(firstRoom.locator(".badge.unread")).hasText("1");
    assertThat(firstRoom.locator(".badge.mention")).hasText("@1");
    assertThat(firstRoom.locator(".room-link")).hasAttribute("aria-label", Pattern.compile("1 unread message, 1 mention"));
    assertThat(alice).hasTitle("(1) #" + second + " · PulseChat");
    alice.waitForFunction("() => window.__notifications.length === 1");
    assertThat((String) alice.evaluate("() => window.__notifications[0].title")).isEqualTo("bob in #" + room);
    assertThat((String) alice.evaluate("() => window.__notifications[0].body")).startsWith("@alice can you look");
    screenshot(alice, "desktop-unread-and-mention");

    // back in the tab, alice opens the first room: read, highlighted, the link safe
    alice.evaluate("() => { window.__hidden = false; document.dispatchEvent(new Event('visibilitychange')); }");
    firstRoom.locator(".room-link").click();
    assertThat(alice.locator("#room-name")).hasText(room);
    assertThat(firstRoom.locator(".badge")).hasCount(0);
    assertThat(alice).hasTitle("#" + room + " · PulseChat");
    Locator asked = message(alice, "can you look");
    assertThat(asked).hasAttribute("data-mention", "true");
    assertThat(asked.locator(".text a")).hasCount(1);
    assertThat(asked.locator(".text a")).hasAttribute("href", "https://example.com/docs?x=1");
    assertThat(asked.locator(".text a")).hasAttribute("rel", "noopener noreferrer");
    assertThat(asked.locator(".text a")).hasAttribute("target", "_blank");
    assertThat(asked.locator(".text")).containsText("javascript:alert(1)");

    // bob finds the second room among the active rooms and joins it; alice, elsewhere, gets its unread count
    bob.locator("#members-toggle").click();
    bob.locator("#public-rooms button[data-room='" + second + "']").click();
    assertThat(bob.locator("#room-name")).hasText(second);
    assertThat(bob.locator("#rooms li")).hasCount(2);
    send(bob, "hello in the second room");
    assertThat(alice.locator("#rooms li[data-room='" + second + "'] .badge.unread")).hasText("1");
    assertThat(message(alice, "hello in the second room")).hasCount(0);
    assertThat(alice.locator("#rooms li[data-room='" + second + "'] .badge.mention")).hasCount(0);
    screenshot(bob, "phone-second-room");
  }

  @Test
  void unreadCountsComeBackFromTheReadMarkerAfterTheTabWasClosed() {
    String second = room + "-b";
    Page alice = join("alice", 1280, 800);
    Page bob = join("bob", 1280, 800);
    send(bob, "read this one");
    assertThat(message(alice, "read this one")).hasCount(1);
    alice.locator("#room-add").fill(second);
    alice.locator("#room-form button[type=submit]").click();
    assertThat(alice.locator("#room-name")).hasText(second);
    // the marker goes out a second after reading; then alice closes the tab
    alice.waitForTimeout(2500);
    alice.navigate("about:blank");

    send(bob, "while you were away 1");
    send(bob, "while you were away 2");
    alice.navigate(baseUrl + "#" + second);
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
    assertThat(alice.locator("#room-name")).hasText(second);
    // both rooms come back; the first counts what came after alice's marker
    assertThat(alice.locator("#rooms li")).hasCount(2);
    assertThat(alice.locator("#rooms li[data-room='" + room + "'] .badge.unread")).hasText("2");
    assertThat(alice).hasTitle("(2) #" + second + " · PulseChat");
    alice.locator("#rooms li[data-room='" + room + "'] .room-link").click();
    assertThat(alice.locator("#rooms li[data-room='" + room + "'] .badge")).hasCount(0);
    assertThat(message(alice, "while you were away 2")).hasCount(1);
  }

  @Test
  void editDeleteReactionAndTypingReachTheOtherUser() {
    Page alice = join("alice", 1280, 800);
    Page bob = join("bob", 390, 844);

    bob.locator("#text").pressSequentially("a first");
    assertThat(alice.locator("#typing")).hasText("bob is typing…");
    bob.locator("#text").press("Enter");
    assertThat(message(alice, "a first")).hasCount(1);
    // by id from here on: the text changes
    String id = message(alice, "a first").getAttribute("data-id");
    Locator mine = bob.locator("#messages li.msg[data-id='" + id + "']");
    Locator theirs = alice.locator("#messages li.msg[data-id='" + id + "']");
    assertThat(alice.locator("#typing")).hasText("");

    // bob edits from the message's menu, by touch on the phone
    mine.locator(".more").tap();
    mine.locator(".msg-menu [data-action='edit-open']").tap();
    mine.locator(".edit-form textarea").fill("the final text");
    mine.locator(".edit-form textarea").press("Enter");
    assertThat(theirs.locator(".text")).hasText("the final text");
    assertThat(theirs.locator(".edited")).isVisible();

    // alice reacts from the keyboard; she may not edit or delete bob's message
    theirs.locator(".more").focus();
    alice.keyboard().press("Enter");
    assertThat(theirs.locator(".msg-menu [data-action='edit-open']")).hasCount(0);
    assertThat(theirs.locator(".msg-menu [data-action='delete-open']")).hasCount(0);
    assertThat(theirs.locator(".msg-menu button").first()).isFocused();
    theirs.locator(".msg-menu [data-action='react-open']").press("Enter");
    theirs.locator(".react-choice[data-emoji='👍']").press("Enter");
    assertThat(mine.locator(".reaction[data-emoji='👍'] .n")).hasText("1");
    assertThat(theirs.locator(".reaction[data-emoji='👍']")).hasAttribute("aria-pressed", "true");
    screenshot(alice, "desktop-edit-and-reaction");

    // bob deletes it; both see the tombstone
    mine.locator(".more").tap();
    mine.locator(".msg-menu [data-action='delete-open']").tap();
    mine.locator(".msg-menu [data-action='delete']").tap();
    assertThat(theirs).hasAttribute("data-deleted", "true");
    assertThat(theirs.locator(".text")).hasText("This message was deleted.");
    assertThat(mine).hasAttribute("data-deleted", "true");
    screenshot(bob, "phone-deleted");
  }

  @Test
  void sentimentChipsLegendCentredGaugeAndTapForTheScore() {
    Page phone = join("pat", 390, 844);
    assertThat(phone.locator("#mood")).hasAttribute("data-tone", "empty");
    assertThat(phone.locator("#mood")).hasAttribute("aria-label", Pattern.compile("no messages"));
    assertThat(phone.locator("#mood-gauge")).hasAttribute("data-score", "0");

    send(phone, "I love this, what a great day, wonderful!");
    send(phone, "Fantastic work, thank you so much!");
    Locator row = message(phone, "Fantastic work");
    Locator chip = row.locator(".sentiment");
    assertThat(chip).isVisible();
    assertThat(chip).hasAttribute("aria-label", Pattern.compile("^Sentiment (positive|neutral|negative), score [+−±]\\d\\.\\d\\d, model .+"));
    assertThat(phone.locator("#scroller .legend")).hasCount(1);
    assertThat(phone.locator("#scroller .legend")).containsText("positive");

    // the window in words, the counts of each label next to the gauge
    assertThat(phone.locator("#mood")).hasAttribute("aria-label",
        Pattern.compile("over the last (minute|\\d+ minutes|\\d+ seconds).*\\d+ positive, \\d+ neutral, \\d+ negative"));
    assertThat(phone.locator("#mood .mood-counts")).isVisible();
    phone.waitForFunction("() => document.getElementById('mood-gauge').dataset.score !== '0'");
    // centred on zero: the fill starts at the middle and runs to the side of the score's sign
    Object sides = phone.evaluate("() => { const g = document.getElementById('mood-gauge').getBoundingClientRect();"
        + " const f = document.querySelector('#mood-gauge .gauge-fill').getBoundingClientRect();"
        + " const mid = g.left + g.width / 2; const s = Number(document.getElementById('mood-gauge').dataset.score);"
        + " return s > 0 ? Math.abs(f.left - mid) < 1.5 && f.right > mid : Math.abs(f.right - mid) < 1.5 && f.left < mid; }");
    assertThat(sides).isEqualTo(true);

    // a tap on the message shows its score and model
    row.locator(".text").tap();
    assertThat(row.locator(".details")).isVisible();
    assertThat(row.locator(".details")).containsText("score");
    assertThat(row.locator(".details")).containsText("model");

    // the chart colours each point by its sign
    phone.locator("#members-toggle").click();
    phone.waitForFunction("() => window.Chart && window.Chart.getChart('mood-chart')"
        + " && window.Chart.getChart('mood-chart').data.datasets[0].data.length >= 1");
    Object coloured = phone.evaluate("() => { const chart = window.Chart.getChart('mood-chart');"
        + " const style = getComputedStyle(document.documentElement);"
        + " const v = chart.data.datasets[0].data[0]; const p = chart.getDatasetMeta(0).data[0].options.backgroundColor;"
        + " const want = style.getPropertyValue(v > 0 ? '--positive' : v < 0 ? '--negative' : '--neutral').trim();"
        + " return p === want; }");
    assertThat(coloured).isEqualTo(true);
    screenshot(phone, "phone-sentiment");
  }

  @Test
  void phonePanelClosesByButtonOutsideTapAndBackAndNeverCoversTheComposer() {
    Page alice = join("alice", 1280, 800);
    Page phone = join("pat", 390, 844);
    send(alice, "something to show a message menu");
    assertThat(phone.locator("#messages li")).hasCount(1);
    Locator panel = phone.locator("#members-panel");

    phone.locator("#members-toggle").tap();
    assertThat(panel).isInViewport();
    assertThat(phone.locator("#panel-close")).isFocused();
    // the message box stays usable beside the open panel
    Object sendOnTop = phone.evaluate("() => { const b = document.getElementById('send').getBoundingClientRect();"
        + " const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);"
        + " return hit !== null && hit.closest('#send') !== null; }");
    assertThat(sendOnTop).isEqualTo(true);
    assertThat(tooSmallTapTargets(phone)).isEmpty();
    screenshot(phone, "phone-panel-open");
    phone.locator("#panel-close").tap();
    assertThat(panel).not().isInViewport();

    phone.locator("#members-toggle").tap();
    assertThat(panel).isInViewport();
    phone.mouse().click(30, 400);
    assertThat(panel).not().isInViewport();

    phone.locator("#members-toggle").tap();
    assertThat(panel).isInViewport();
    phone.goBack();
    assertThat(panel).not().isInViewport();
    assertThat(phone.locator("#chat")).isVisible();
    assertThat(phone).hasURL(Pattern.compile("#" + room + "$"));

    message(phone, "something to show").locator(".more").tap();
    assertThat(tooSmallTapTargets(phone)).isEmpty();
    screenshot(phone, "phone-message-menu");
  }

  @Test
  void mainScreensHaveNoSeriousAccessibilityViolations() throws Exception {
    String axeSource = PageChecks.axeSource();
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    contexts.add(context);
    Page joinScreen = context.newPage();
    watchErrors(joinScreen, "join screen");
    joinScreen.navigate(baseUrl + "#" + room);
    assertThat(joinScreen.locator("#join-room")).hasValue(room);
    assertThat(seriousViolations(joinScreen, axeSource)).as("join screen").isEmpty();

    Page desktop = join("alice", 1280, 800);
    Page phone = join("bob", 390, 844);
    send(desktop, "Great news, the release is out!");
    send(phone, "Terrible, my build broke again @alice");
    assertThat(message(desktop, "Terrible")).hasCount(1);
    message(desktop, "Terrible").locator(".more").click();
    assertThat(seriousViolations(desktop, axeSource)).as("chat at 1280x800").isEmpty();
    assertThat(seriousViolations(phone, axeSource)).as("chat at 390x844").isEmpty();
    phone.locator("#members-toggle").tap();
    assertThat(phone.locator("#members-panel")).isInViewport();
    assertThat(seriousViolations(phone, axeSource)).as("phone panel").isEmpty();
  }

  // ---- helpers ------------------------------------------------------------------

  private Page join(String user, int width, int height) {
    return join(user, width, height, context -> { });
  }

  /** {@code prepare} runs on the user's browser context before the page opens (e.g. to route its WebSocket). */
  private Page join(String user, int width, int height, Consumer<BrowserContext> prepare) {
    // reduced motion: the members drawer appears at once, so screenshots never catch it sliding in
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
        .setReducedMotion(ReducedMotion.REDUCE).setHasTouch(width <= 720));
    contexts.add(context);
    // notifications are recorded, and the test may say the tab is hidden (window.__hidden)
    context.addInitScript(NOTIFICATIONS_AND_VISIBILITY);
    prepare.accept(context);
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
