package io.pulsechat.gateway.client;

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
import io.pulsechat.gateway.Gateway;
import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged client ({@code gateway/target/client}, what deploy.sh uploads) served by a plain
 * static server on another origin, as the client bucket serves it: it finds the gateway through
 * its config.json, loads every asset (chart.js included) from its own folder, and two users chat.
 */
class StaticClientIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CLIENT = Path.of("target", "client");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir
  static Path dataDir;
  @TempDir
  static Path site;

  private static Vertx vertx;
  private static Gateway gateway;
  private static HttpServer staticSite;
  private static Playwright playwright;
  private static Browser browser;
  private static final List<String> staticRequests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    assertThat(CLIENT.resolve("vendor/chart.js/chart.umd.min.js")).as("the packaged client (mvn package)").exists();
    vertx = Vertx.vertx();
    gateway = Gateway.start(vertx, GatewayConfig.from(Map.of("PORT", "0", "MANAGEMENT_PORT", "0", "HOST", "127.0.0.1",
        "DATA_DIR", dataDir.toString()))).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    TestGateway.copyTree(CLIENT, site);
    Files.writeString(site.resolve("config.json"), new JsonObject()
        .put("webSocketUrl", "ws://127.0.0.1:" + gateway.port() + "/ws")
        .put("apiBaseUrl", "http://127.0.0.1:" + gateway.port() + "/").encode());
    Router router = Router.router(vertx);
    router.route().handler(rc -> {
      staticRequests.add(rc.request().path());
      rc.next();
    });
    router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, site.toAbsolutePath().toString()));
    staticSite = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")));
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
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

  @Test
  void clientFromAnotherOriginFindsTheGatewayThroughConfigJson() {
    List<String> failures = new CopyOnWriteArrayList<>();
    List<String> sockets = new CopyOnWriteArrayList<>();
    Page alice = join("alice", failures, sockets);
    Page bob = join("bob", failures, sockets);

    alice.locator("#text").fill("hello from the bucket");
    alice.locator("#text").press("Enter");
    Locator received = bob.locator("#messages li.msg", new Page.LocatorOptions().setHasText("hello from the bucket"));
    assertThat(received).hasCount(1);
    assertThat(received.locator(".author")).hasText("alice");
    // chart.js came from the static site, not from the gateway's webjar
    assertThat(alice.evaluate("() => typeof window.Chart")).isEqualTo("function");
    assertThat(staticRequests).contains("/config.json", "/vendor/chart.js/chart.umd.min.js", "/js/config.js");
    assertThat(sockets).allSatisfy(url -> assertThat(url)
        .startsWith("ws://127.0.0.1:" + gateway.port() + "/ws?user="));
    assertThat(failures).as("requests that failed").isEmpty();
    alice.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("static-client.png")));
  }

  private static Page join(String user, List<String> failures, List<String> sockets) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 720));
    Page page = context.newPage();
    page.onPageError(error -> failures.add(user + ": " + error));
    page.onResponse(response -> {
      if (response.status() >= 400) {
        failures.add(response.status() + " " + response.url());
      }
    });
    page.onWebSocket(ws -> sockets.add(ws.url()));
    page.navigate("http://127.0.0.1:" + staticSite.actualPort() + "/#static-room");
    page.locator("#join-user").fill(user);
    page.locator("#join-form button[type=submit]").click();
    assertThat(page.locator("#conn-status")).hasAttribute("data-state", "online");
    return page;
  }

}
