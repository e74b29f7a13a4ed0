package io.pulsechat.gateway.access;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.pulsechat.gateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client in token mode, in Debian's Chromium, with tokens the test mints: a private
 * room a second user cannot enter or see, and a moderator acting on the author of a message that
 * raised a mood alert, from the moderation panel.
 */
class ModerationBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final List<String> CHROMIUM_ARGS = List.of(
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");

  private static TestGateway gateway;
  private static Playwright playwright;
  private static Browser browser;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<String> pageErrors = new ArrayList<>();

  @BeforeAll
  static void start() {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    // Any message below a mood of 0.9 alerts at once, so that one negative message raises one.
    gateway = TestGateway.start(Map.of("AUTH_MODE", "token", "AUTH_JWT_SECRET", AccessTokens.SECRET,
        "CHAT_ALERT_MIN_MESSAGES", "1", "CHAT_ALERT_SCORE", "0.9"));
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
        .setHeadless(true).setArgs(CHROMIUM_ARGS));
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(BrowserContext::close);
    assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
  }

  /** A page signed in with a token for {@code user} (its global {@code roles}), on the join screen of {@code room}. */
  private Page signIn(String user, String room, String... roles) {
    return signInWith(user, AccessTokens.token(user, roles), room);
  }

  private Page signInWith(String user, String token, String room) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 800));
    contexts.add(context);
    Page page = context.newPage();
    page.onPageError(error -> pageErrors.add(user + ": " + error));
    page.navigate(baseUrl() + "#token=" + token);
    assertThat(page.locator("#join-user")).hasValue(user);
    page.locator("#join-room").fill(room);
    page.locator("#join-form button[type=submit]").click();
    return page;
  }

  private Page enter(String user, String room, String... roles) {
    Page page = signIn(user, room, roles);
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
    return page;
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/";
  }

  private static void send(Page page, String text) {
    page.locator("#text").fill(text);
    page.locator("#text").press("Enter");
    assertThat(page.locator("#text")).hasValue("");
  }

  @Test
  void aPrivateRoomIsClosedAndInvisibleToASecondUser() {
    String room = TestGateway.room("hideout");
    assertThat(gateway.request("POST", "/api/rooms/" + room, null, "Authorization", AccessTokens.bearer("alice"))
        .status()).isEqualTo(200);
    Page alice = enter("alice", room);
    send(alice, "only for members");

    Page bob = signIn("bob", room);
    assertThat(bob.locator("#join-error")).containsText("not allowed");
    assertThat(bob.locator("#join-screen")).isVisible();
    Object listed = bob.evaluate("async token => (await (await fetch('api/rooms', { headers: { Authorization:"
        + " 'Bearer ' + token } })).text())", AccessTokens.token("bob"));
    assertThat((String) listed).contains("\"rooms\"").doesNotContain(room);
    assertThat(alice.locator("#members li[data-user='bob']")).hasCount(0);
  }

  @Test
  void aModeratorMutesTheAuthorOfAnAlertFromThePanel() {
    String room = TestGateway.room("heated");
    assertThat(gateway.request("PUT", "/api/rooms/" + room + "/members/carol", "{\"role\":\"moderator\"}",
        "Authorization", AccessTokens.bearer("root", "admin")).status()).isEqualTo(200);
    Page bob = enter("bob", room);
    Page carol = enter("carol", room);
    assertThat(carol.locator("#moderation-panel")).isVisible();
    assertThat(bob.locator("#moderation-panel")).isHidden();

    send(bob, "I hate this, it is terrible, awful and the worst thing ever");

    Locator alerted = carol.locator("#alerts .alert-message", new Page.LocatorOptions().setHasText("terrible"));
    assertThat(alerted).hasCount(1, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
        .setTimeout(30_000));
    assertThat(alerted.locator(".author")).hasText("bob");
    alerted.locator("button[data-action='mute']").click();
    assertThat(carol.locator("#moderation-status")).containsText("bob: mute done");

    send(bob, "let me speak");
    assertThat(bob.locator("#pending")).containsText("not allowed");
    String log = gateway.get("/api/rooms/" + room + "/moderation", "Authorization", AccessTokens.bearer("carol"))
        .body();
    assertThat(log).contains("\"action\":\"mute\"").contains("\"by\":\"carol\"");
  }

  @Test
  void peopleAreShownByTheirTokensNameWhileTheirUserStaysTheIdentity() {
    String room = TestGateway.room("names");
    String sub = "0b9a6c1e-7d2f-4f3a-9e51-2c8d4b6a1f00";
    String token = io.pulsechat.gateway.auth.TokenCommand.mint(AccessTokens.SECRET, sub, "Alice Liddell", List.of(),
        java.time.Duration.ofHours(1), null, null);
    Page alice = signInWith(sub, token, room);
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
    Page bob = enter("bob", room);

    assertThat(bob.locator("#members li[data-user='" + sub + "'] .name")).hasText("Alice Liddell");
    alice.locator("#text").pressSequentially("down the rabbit hole");
    assertThat(bob.locator("#typing")).hasText("Alice Liddell is typing…");
    alice.locator("#text").press("Enter");
    Locator seenByBob = bob.locator("#messages li.msg", new Page.LocatorOptions().setHasText("down the rabbit hole"));
    assertThat(seenByBob.locator(".author")).hasText("Alice Liddell");
    assertThat(seenByBob.locator(".author")).hasAttribute("title", sub);
    // Her own message is hers by user, whatever it is shown as.
    Locator seenByAlice = alice.locator("#messages li.msg", new Page.LocatorOptions().setHasText("down the rabbit hole"));
    assertThat(seenByAlice).hasClass(java.util.regex.Pattern.compile("\\bmine\\b"));
    assertThat(seenByAlice.locator(".author")).hasText("Alice Liddell");
    send(bob, "hello");
    assertThat(alice.locator("#messages li.msg", new Page.LocatorOptions().setHasText("hello")).locator(".author"))
        .hasText("bob");
  }
}
