package io.pulsechat.gateway.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.SentimentModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The model watcher against s3proxy running in this JVM: a real S3 API, not a mock of the SDK. */
class S3ModelSwapIT {
  private static final String BUCKET = "models";
  private static final URI STORE = URI.create("s3://" + BUCKET + "/sentiment/");

  private S3Proxy proxy;
  private S3AsyncClient s3;
  private Vertx vertx;
  private SimpleMeterRegistry registry;
  private ModelHolder holder;
  private ModelWatcher watcher;

  @BeforeEach
  void start() throws Exception {
    URI endpoint = URI.create("http://127.0.0.1:" + freePort());
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "ak", "sk").build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      // s3proxy offers no start future; its start takes well under a second
      Thread.sleep(5);
    }
    s3 = S3AsyncClient.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ak", "sk"))).build();
    s3.createBucket(b -> b.bucket(BUCKET)).get(30, TimeUnit.SECONDS);
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    holder = new ModelHolder(SentimentModels.loadDefault());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    s3.close();
    proxy.stop();
  }

  @Test
  void aModelPublishedToS3IsSwappedInAndAnUnchangedPointerCostsA304() throws Exception {
    String initial = holder.version();
    watcher = new ModelWatcher(ctx -> new S3ModelSource(ctx, s3, false, STORE), holder,
        new GatewayMetrics(registry), Duration.ofHours(1));
    await(vertx.deployVerticle(watcher));
    assertThat(holder.version()).as("no pointer yet").isEqualTo(initial);

    publish("s3-v2", PublishedModels.modelBytes("s3-v2"));
    await(watcher.pollNow());
    assertThat(holder.version()).isEqualTo("s3-v2");

    // If-None-Match with the pointer's ETag: S3 answers 304 and the source reports no change
    S3ModelSource source = new S3ModelSource(vertx.getOrCreateContext(), s3, false, STORE);
    ModelSource.Pointer first = await(source.pointerIfChanged(null));
    assertThat(first).isNotNull();
    assertThat(first.tag()).isNotBlank();
    assertThat(await(source.pointerIfChanged(first.tag()))).isNull();

    publish("s3-v3", PublishedModels.corrupt(PublishedModels.modelBytes("s3-v3")));
    await(watcher.pollNow());
    assertThat(holder.version()).isEqualTo("s3-v2");
    assertThat(registry.get("pulsechat.model.refused").counter().count()).isEqualTo(1.0);

    publish("s3-v4", PublishedModels.modelBytes("s3-v4"));
    await(watcher.pollNow());
    assertThat(holder.version()).isEqualTo("s3-v4");
    assertThat(holder.get().score("great news").model()).isEqualTo("s3-v4");
  }

  /** Model first, pointer last, as {@code trainer publish} does. */
  private void publish(String version, byte[] model) throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("sentiment/" + PublishedModels.key(version)),
        AsyncRequestBody.fromBytes(model)).get(30, TimeUnit.SECONDS);
    s3.putObject(b -> b.bucket(BUCKET).key("sentiment/" + ModelWatcher.POINTER).contentType("application/json"),
        AsyncRequestBody.fromBytes(PublishedModels.pointer(version, model))).get(30, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
