package io.pulsechat.gateway.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.SentimentModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher against a local folder. Polls are driven by the test through {@link ModelWatcher#poll()}
 * on the watcher's context (the period is an hour), so no test waits for a timer.
 */
class ModelWatcherTest {
  @TempDir
  Path store;

  private Vertx vertx;
  private SimpleMeterRegistry registry;
  private ModelHolder holder;
  private ModelWatcher watcher;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    holder = new ModelHolder(SentimentModels.loadDefault());
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aModelPublishedToTheFolderIsSwappedIn() throws Exception {
    String before = holder.version();
    deploy();
    assertThat(holder.version()).isEqualTo(before);

    PublishedModels.publish(store, "folder-v2", PublishedModels.modelBytes("folder-v2"));
    poll();
    assertThat(holder.version()).isEqualTo("folder-v2");
    assertThat(holder.get().score("what a lovely day").model()).isEqualTo("folder-v2");
    assertThat(registry.get("pulsechat.model.in.use").tag("version", "folder-v2").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("pulsechat.model.in.use").tag("version", before).gauge().value()).isEqualTo(0.0);

    PublishedModels.publish(store, "folder-v3", PublishedModels.modelBytes("folder-v3"));
    poll();
    assertThat(holder.version()).isEqualTo("folder-v3");
    assertThat(refused()).isZero();
  }

  @Test
  void aModelAlreadyPublishedAtStartIsLoadedAtOnce() throws Exception {
    PublishedModels.publish(store, "at-start", PublishedModels.modelBytes("at-start"));
    deploy();
    assertThat(holder.version()).isEqualTo("at-start");
  }

  @Test
  void aCorruptModelIsRefusedAndTheOldOneKept() throws Exception {
    deploy();
    PublishedModels.publish(store, "good-v2", PublishedModels.modelBytes("good-v2"));
    poll();
    // the digest matches the damaged bytes: only the model format's own checksum can tell
    PublishedModels.publish(store, "broken-v3", PublishedModels.corrupt(PublishedModels.modelBytes("broken-v3")));
    poll();
    assertThat(holder.version()).isEqualTo("good-v2");
    assertThat(refused()).isEqualTo(1.0);
    // the same pointer is not tried again at every poll
    poll();
    assertThat(refused()).isEqualTo(1.0);
  }

  @Test
  void anUnknownFormatVersionIsRefused() throws Exception {
    deploy();
    PublishedModels.publish(store, "future-v9", PublishedModels.futureFormat(PublishedModels.modelBytes("future-v9")));
    poll();
    assertThat(holder.version()).isNotEqualTo("future-v9");
    assertThat(refused()).isEqualTo(1.0);
  }

  @Test
  void aModelThatDoesNotMatchItsPointerIsRefused() throws Exception {
    deploy();
    byte[] model = PublishedModels.modelBytes("promised");
    PublishedModels.publish(store, "promised", model);
    // the file is replaced after the pointer was written: its digest no longer matches
    Files.write(store.resolve(PublishedModels.key("promised")), PublishedModels.modelBytes("other"));
    poll();
    assertThat(holder.version()).isNotEqualTo("promised").isNotEqualTo("other");
    assertThat(refused()).isEqualTo(1.0);
  }

  @Test
  void aPointerThatIsNotJsonIsRefused() throws Exception {
    deploy();
    Files.writeString(store.resolve(ModelWatcher.POINTER), "not json");
    poll();
    assertThat(refused()).isEqualTo(1.0);
  }

  private void deploy() throws Exception {
    watcher = new ModelWatcher(ctx -> new FolderModelSource(vertx, store), holder, new GatewayMetrics(registry),
        Duration.ofHours(1));
    await(vertx.deployVerticle(watcher));
  }

  /** Runs one poll on the watcher's own context and waits for it. */
  private void poll() throws Exception {
    await(watcher.pollNow());
  }

  private double refused() {
    return registry.get("pulsechat.model.refused").counter().count();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
