package io.pulsechat.gateway.testing;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The browser client as a deployment with a sign-in provider runs it: a gateway in token mode
 * whose tokens are the ID tokens of a {@link CognitoStandIn} (its JWKS, issuer and client id as
 * audience, no clock skew), serving a copy of {@code public/} whose config.json carries
 * {@code auth}; and Chromium, one browser context per signed-in user. The provider's groups are
 * the gateway's global roles ({@code AUTH_ADMIN_CLAIM=cognito:groups}).
 */
public final class SignInStand implements AutoCloseable {
  public static final String CLIENT_ID = "pulsechat-web-client";

  private final CognitoStandIn cognito;
  private final Path site;
  private final TestGateway gateway;
  private final Chromium chromium;
  private final List<BrowserContext> contexts = new CopyOnWriteArrayList<>();
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();

  private SignInStand(Duration tokenLife, Map<String, String> settings) throws IOException {
    cognito = CognitoStandIn.start(CLIENT_ID, tokenLife);
    site = Files.createTempDirectory("pulsechat-site-");
    copyTree(Path.of("..", "public"), site);
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

  /** Starts the provider (ID tokens lasting {@code tokenLife}), the gateway (with these settings too) and Chromium. */
  public static SignInStand start(Duration tokenLife, Map<String, String> settings) {
    try {
      return new SignInStand(tokenLife, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** Uncaught errors of every page opened so far. */
  public List<String> pageErrors() {
    return pageErrors;
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
  public void close() {
    closePages();
    chromium.close();
    gateway.close();
    cognito.close();
  }

  /** Copies a folder with everything in it. */
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
