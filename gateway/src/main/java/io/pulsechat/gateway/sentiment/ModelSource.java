package io.pulsechat.gateway.sentiment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where the trainer publishes models: a folder or an S3 prefix holding {@code latest.json} and
 * the files it names. Futures complete on the caller's Vert.x context and never block it.
 */
public interface ModelSource {

  /** {@code latest.json} and a tag that changes whenever it does (an ETag, a modification time). */
  record Pointer(Buffer json, String tag) {
  }

  /**
   * The pointer if its tag differs from {@code knownTag} (null: nothing known yet); completes
   * with {@code null} when it is unchanged or absent.
   */
  Future<Pointer> pointerIfChanged(String knownTag);

  /** The bytes of a file of the store, by its key relative to the root. */
  Future<Buffer> read(String key);

  /** Where the source points, for logs. */
  String describe();

  /** Releases clients the source owns. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
