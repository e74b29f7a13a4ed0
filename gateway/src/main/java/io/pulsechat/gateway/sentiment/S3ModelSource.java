package io.pulsechat.gateway.sentiment;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A model store under {@code s3://bucket/prefix/}. {@code latest.json} is fetched with
 * {@code If-None-Match} and the last ETag, so an unchanged pointer costs a 304 and no body.
 */
public final class S3ModelSource implements ModelSource {
  private static final int NOT_MODIFIED = 304;

  private final Context context;
  private final S3AsyncClient s3;
  private final boolean ownsClient;
  private final String bucket;
  private final String prefix;

  /** {@code ownsClient}: close the client on {@link #close()}. */
  public S3ModelSource(Context context, S3AsyncClient s3, boolean ownsClient, URI location) {
    if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
      throw new IllegalArgumentException("model store must look like s3://bucket/prefix/, was " + location);
    }
    this.context = context;
    this.s3 = s3;
    this.ownsClient = ownsClient;
    this.bucket = location.getHost();
    String path = location.getPath() == null ? "" : location.getPath().replaceFirst("^/", "");
    this.prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
  }

  @Override
  public Future<Pointer> pointerIfChanged(String knownTag) {
    return Future.fromCompletionStage(s3.getObject(b -> {
          b.bucket(bucket).key(prefix + ModelWatcher.POINTER);
          if (knownTag != null) {
            b.ifNoneMatch(knownTag);
          }
        }, AsyncResponseTransformer.toBytes()), context)
        .map(bytes -> new Pointer(Buffer.buffer(bytes.asByteArrayUnsafe()), bytes.response().eTag()))
        .recover(e -> {
          Throwable cause = unwrap(e);
          if (cause instanceof NoSuchKeyException
              || cause instanceof S3Exception s3e && s3e.statusCode() == NOT_MODIFIED) {
            return Future.succeededFuture(null);
          }
          return Future.failedFuture(cause);
        });
  }

  @Override
  public Future<Buffer> read(String key) {
    return Future.fromCompletionStage(
            s3.getObject(b -> b.bucket(bucket).key(prefix + key), AsyncResponseTransformer.toBytes()), context)
        .map((ResponseBytes<GetObjectResponse> bytes) -> Buffer.buffer(bytes.asByteArrayUnsafe()))
        .recover(e -> Future.failedFuture(unwrap(e)));
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public Future<Void> close() {
    if (ownsClient) {
      s3.close();
    }
    return Future.succeededFuture();
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
