package io.pulsechat.gateway.sentiment;

import io.pulsechat.gateway.GatewayConfig;
import io.pulsechat.gateway.aws.AwsClients;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3AsyncClient;

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
    // The bucket's region is what matters; without AWS_REGION the SDK needs some value.
    S3AsyncClient s3 = AwsClients.fromDefaultChain(config.awsRegion()).s3(config.modelS3Endpoint());
    return new S3ModelSource(context, s3, true, URI.create(store));
  }
}
