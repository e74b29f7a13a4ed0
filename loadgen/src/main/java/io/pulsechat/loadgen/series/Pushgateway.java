package io.pulsechat.loadgen.series;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Pushes each interval to a Prometheus Pushgateway ({@code PUT <url>/metrics/job/loadgen/run_id/<id>}),
 * so a dashboard follows a run live. A push never holds up the run: it is sent asynchronously,
 * one at a time (a push still in flight makes the next one skip), and its first failure is
 * reported once.
 */
public final class Pushgateway implements Consumer<Interval>, AutoCloseable {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI target;
  private final String runId;
  private final PrintStream warnings;
  private final AtomicBoolean warned = new AtomicBoolean();
  private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

  public Pushgateway(URI base, String runId, PrintStream warnings) {
    String root = base.toString().replaceAll("/+$", "");
    this.target = URI.create(root + "/metrics/job/loadgen/run_id/" + URLEncoder.encode(runId, StandardCharsets.UTF_8));
    this.runId = runId;
    this.warnings = warnings;
  }

  public URI target() {
    return target;
  }

  @Override
  public synchronized void accept(Interval interval) {
    if (!inFlight.isDone()) {
      return;
    }
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "text/plain; version=0.0.4")
        .PUT(HttpRequest.BodyPublishers.ofString(OpenMetrics.latest(interval, runId))).build();
    inFlight = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      String problem = error != null ? error.toString()
          : response.statusCode() / 100 != 2 ? "HTTP " + response.statusCode() : null;
      if (problem != null && warned.compareAndSet(false, true)) {
        warnings.println("loadgen: push to " + target + " failed (" + problem + "); the run goes on");
      }
    });
  }

  /** Waits briefly for the last push, so that the final interval reaches the gateway. */
  @Override
  public synchronized void close() {
    try {
      inFlight.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      // reported by the push itself
    }
  }
}
