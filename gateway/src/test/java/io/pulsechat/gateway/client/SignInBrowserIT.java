package io.pulsechat.gateway.client;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.WebSocket;
import io.pulsechat.gateway.testing.Chromium;
import io.pulsechat.gateway.testing.SignInStand;
import io.pulsechat.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in from the browser through the provider's hosted pages (authorization code with PKCE),
 * chatting on the ID token, renewing it over the open socket before it expires, signing out, and
 * a renewal the provider refuses ending in a plain "signed out" state. ID tokens last
 * {@value #TOKEN_SECONDS} s here and the gateway allows no clock skew, so a socket that was not
 * renewed would be closed (1008) within the test.
 */
class SignInBrowserIT {
  private static final int TOKEN_SECONDS = 20;
  @RegisterExtension
  static final SignInStand stand = SignInStand.of(Duration.ofSeconds(TOKEN_SECONDS), Map.of());

  @BeforeAll
  static void addUsers() {
    stand.cognito().addUser("alice", "Alice Liddell");
    stand.cognito().addUser("bob", null);
  }

  @Test
  void signedInUsersChatAcrossATokenRenewalAndSignOut() {
    String room = TestGateway.room("signin");
    Page alice = stand.open("alice", room);
    assertThat(alice.locator("#signin-screen")).isVisible();
    assertThat(alice.locator("#join-screen")).isHidden();
    alice.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("sign-in-signed-out.png")));
    List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    AtomicInteger authFrames = new AtomicInteger();
    alice.onWebSocket(ws -> {
      sockets.add(ws);
      ws.onFrameSent(frame -> {
        if (frame.text() != null && frame.text().contains("\"type\":\"auth\"")) {
          authFrames.incrementAndGet();
        }
      });
    });

    SignInStand.signIn(alice, "alice");
    long signedInAt = System.currentTimeMillis();
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
    // the gateway's name for the token (its name claim), not the sub
    assertThat(alice.locator("#account .account-name")).hasText("Alice Liddell");
    assertThat(alice.locator("#room-name")).hasText(room);
    assertThat(alice.url()).doesNotContain("code=").endsWith("#" + room);
    Page bob = stand.signedIn("bob", room);
    assertThat(bob.locator("#account .account-name")).hasText("bob");
    alice.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("sign-in-chat.png")));

    say(alice, "hello before the renewal");
    assertThat(bob.locator("#messages li.msg", new Page.LocatorOptions().setHasText("hello before the renewal")))
        .hasCount(1);

    // Past the first token's exp: the socket it opened must still be the one in use.
    alice.waitForTimeout(Math.max(0, signedInAt + (TOKEN_SECONDS + 4) * 1000L - System.currentTimeMillis()));
    assertThat(stand.cognito().refreshes()).as("refresh_token grants").isGreaterThanOrEqualTo(2);
    assertThat(authFrames.get()).as("auth frames sent by alice").isGreaterThanOrEqualTo(2);
    assertThat(sockets).as("alice's sockets").hasSize(1);
    assertThat(sockets.get(0).isClosed()).as("the first socket closed").isFalse();
    assertThat(alice.locator("#conn-status")).hasAttribute("data-state", "online");
    say(alice, "hello after the renewal");
    // HTTP calls carry the renewed token too: opening the room reads its mood
    Response mood = alice.waitForResponse(r -> r.url().contains("/api/rooms/") && r.url().endsWith("/mood"),
        () -> alice.locator("#rooms button[data-room='" + room + "']:not(.room-leave)").click());
    assertThat(mood.status()).as("GET mood with the renewed token").isEqualTo(200);
    say(bob, "and back");
    assertThat(bob.locator("#messages li.msg", new Page.LocatorOptions().setHasText("hello after the renewal")))
        .hasCount(1);
    assertThat(alice.locator("#messages li.msg", new Page.LocatorOptions().setHasText("and back"))).hasCount(1);

    alice.locator("#account button.sign-out").click();
    assertThat(alice.locator("#signin-screen")).isVisible();
    assertThat(alice.evaluate("() => sessionStorage.getItem('pulsechat.signin')")).isNull();
    assertThat(bob.locator("#members li[data-user]")).hasCount(1);
    // the provider's session ended too: signing in again asks who
    alice.locator("#sign-in").click();
    assertThat(alice.locator("#username")).isVisible();
  }

  @Test
  void aRenewalTheProviderRefusesSignsOutPlainlyAndStops() {
    String room = TestGateway.room("revoked");
    Page carol = stand.open("carol", room);
    stand.cognito().addUser("carol", null);
    AtomicInteger tokenCalls = new AtomicInteger();
    List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    carol.onRequest(request -> {
      if (request.url().endsWith("/oauth2/token")) {
        tokenCalls.incrementAndGet();
      }
    });
    carol.onWebSocket(sockets::add);
    SignInStand.signIn(carol, "carol");
    assertThat(carol.locator("#conn-status")).hasAttribute("data-state", "online");

    stand.cognito().revokeAll();
    Locator problem = carol.locator("#signin-problem");
    assertThat(problem).containsText("signed out", new com.microsoft.playwright.assertions.LocatorAssertions
        .ContainsTextOptions().setTimeout(TOKEN_SECONDS * 1000.0));
    assertThat(carol.locator("#signin-screen")).isVisible();
    assertThat(carol.locator("#chat")).isHidden();
    carol.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SCREENSHOTS.resolve("sign-in-renewal-refused.png")));
    int calls = tokenCalls.get();
    int opened = sockets.size();
    // No silent loop: past the token's exp, nothing asks the provider or the gateway again.
    carol.waitForTimeout(TOKEN_SECONDS * 1000L / 2 + 2000);
    assertThat(tokenCalls.get()).as("token requests after the refusal").isEqualTo(calls);
    assertThat(sockets).as("sockets opened after the refusal").hasSize(opened);
    assertThat(sockets).allSatisfy(ws -> assertThat(ws.isClosed()).isTrue());
  }

  private static void say(Page page, String text) {
    page.locator("#text").fill(text);
    page.locator("#text").press("Enter");
    assertThat(page.locator("#text")).hasValue("");
  }
}
