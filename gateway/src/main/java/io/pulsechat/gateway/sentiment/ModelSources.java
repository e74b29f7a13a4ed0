package io.pulsechat.gateway.sentiment;

import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/** Builds the {@link ModelSource} that {@code CHAT_MODEL_STORE} names. */
public final class ModelSources {
  private ModelSources() {
  }

  /** True when the configuration names a model store to watch. */
  public static boolean configured(GatewayConfig config) {
    return !config.modelStore().isBlank();
  }

  public static ModelSource forConfig(Vertx vertx, Context context, GatewayConfig config) {
    String store = config.modelStore().trim();
    if (!store.startsWith("s3://")) {
      return new FolderModelSource(vertx, Path.of(store));
    }
    S3AsyncClientBuilder builder = S3AsyncClient.builder()
        .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(4).build())
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        // The bucket's region is what matters; without AWS_REGION the SDK needs some value.
        .region(Region.of(config.awsRegion().orElse("us-east-1")));
    config.modelS3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    return new S3ModelSource(context, builder.build(), true, URI.create(store));
  }
}
