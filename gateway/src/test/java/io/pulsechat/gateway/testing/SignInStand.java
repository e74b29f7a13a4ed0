package io.pulsechat.gateway.testing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser client as a deployment with a sign-in provider runs it: a gateway in token mode
 * whose tokens are the ID tokens of a {@link CognitoStandIn} (its JWKS, issuer and client id as
 * audience, no clock skew), serving a copy of {@code public/} whose config.json carries
 * {@code auth}; and Chromium, one browser context per signed-in user. The provider's groups are
 * the gateway's global roles ({@code AUTH_ADMIN_CLAIM=cognito:groups}).
 *
 * <p>A JUnit extension ({@code @RegisterExtension static final SignInStand stand = SignInStand.of(...)}):
 * it starts before the class's {@code @BeforeAll} methods (the class is skipped without Chromium),
 * closes each test's pages after it (failing the test when a page threw an uncaught error), and
 * stops everything after the class.
 */
public final class SignInStand implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  public static final String CLIENT_ID = "pulsechat-web-client";

  private final Duration tokenLife;
  private final Map<String, String> settings;
  private final List<BrowserContext> contexts = new CopyOnWriteArrayList<>();
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();
  private CognitoStandIn cognito;
  private Path site;
  private TestGateway gateway;
  private Chromium chromium;

  private SignInStand(Duration tokenLife, Map<String, String> settings) {
    this.tokenLife = tokenLife;
    this.settings = settings;
  }

  /** The provider's ID tokens last {@code tokenLife}; the gateway gets these settings on top of its own. */
  public static SignInStand of(Duration tokenLife, Map<String, String> settings) {
    return new SignInStand(tokenLife, settings);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Assumptions.assumeTrue(Chromium.installed(), "Chromium is not installed at " + Chromium.EXECUTABLE);
    cognito = CognitoStandIn.start(CLIENT_ID, tokenLife);
    site = Files.createTempDirectory("pulsechat-site-");
    TestGateway.copyTree(Path.of("..", "public"), site);
    Map<String, String> all = new HashMap<>(Map.of("AUTH_MODE", "token", "AUTH_JWKS_URL", cognito.jwksUrl(),
        "AUTH_JWT_ISSUER", cognito.authority(), "AUTH_JWT_AUDIENCE", CLIENT_ID, "AUTH_CLOCK_SKEW_S", "0",
        "AUTH_ADMIN_CLAIM", "cognito:groups", "AUTH_SIGNIN_ORIGINS", cognito.authority(),
        "CHAT_PUBLIC_DIR", site.toString()));
    all.putAll(settings);
    gateway = TestGateway.start(all);
    cognito.allowRedirect(baseUrl());
    // the shape deploy.sh writes from the stack
    Files.writeString(site.resolve("config.json"), new JsonObject()
        .put("webSocketUrl", "ws://127.0.0.1:" + gateway.port() + "/ws").put("apiBaseUrl", baseUrl())
        .put("auth", new JsonObject().put("mode", "token").put("authority", cognito.authority())
            .put("clientId", CLIENT_ID).put("scopes", "openid profile email")).encode());
    chromium = Chromium.launch();
  }

  public CognitoStandIn cognito() {
    return cognito;
  }

  public TestGateway gateway() {
    return gateway;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/";
  }

  /** A fresh browser on the page, at {@code #room}, still signed out. */
  public Page open(String label, String room) {
    BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1200, 800));
    contexts.add(context);
    Page page = context.newPage();
    page.onPageError(error -> pageErrors.add(label + ": " + error));
    page.navigate(baseUrl() + "#" + room);
    return page;
  }

  /** Signs {@code page} in through the provider's form as {@code username}; it comes back to its room. */
  public static void signIn(Page page, String username) {
    page.locator("#sign-in").click();
    page.locator("#username").fill(username);
    page.locator("#signin-submit").click();
    // back from the provider: in the room, or on the join screen when the room refused
    assertThat(page.locator(".account:visible")).hasCount(1);
  }

  /** A fresh browser signed in as {@code username} (a user of the provider) and joining {@code room}. */
  public Page signedIn(String username, String room) {
    Page page = open(username, room);
    signIn(page, username);
    return page;
  }

  /** Closes every browser context opened so far. */
  public void closePages() {
    contexts.forEach(BrowserContext::close);
    contexts.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closePages();
    List<String> errors = List.copyOf(pageErrors);
    pageErrors.clear();
    org.assertj.core.api.Assertions.assertThat(errors).as("uncaught errors in the page").isEmpty();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    closePages();
    if (chromium != null) {
      chromium.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (cognito != null) {
      cognito.close();
    }
    if (site != null) {
      try (Stream<Path> files = Files.walk(site)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(file);
        }
      }
    }
  }

}
