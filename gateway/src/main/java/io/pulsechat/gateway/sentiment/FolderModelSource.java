package io.pulsechat.gateway.sentiment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import java.nio.file.Path;

/**
 * A model store in a local folder, as {@code trainer publish --to DIR} writes it. Change is seen
 * by modification time and size of {@code latest.json}; Vert.x's async file system keeps the
 * I/O off the event loop.
 */
public final class FolderModelSource implements ModelSource {
  private final Vertx vertx;
  private final Path root;

  public FolderModelSource(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath();
  }

  @Override
  public Future<Pointer> pointerIfChanged(String knownTag) {
    String pointer = root.resolve(ModelWatcher.POINTER).toString();
    return vertx.fileSystem().exists(pointer).compose(exists -> {
      if (!exists) {
        return Future.succeededFuture(null);
      }
      return vertx.fileSystem().props(pointer).compose(props -> {
        String tag = tag(props);
        if (tag.equals(knownTag)) {
          return Future.succeededFuture(null);
        }
        return vertx.fileSystem().readFile(pointer).map(json -> new Pointer(json, tag));
      });
    });
  }

  @Override
  public Future<Buffer> read(String key) {
    return vertx.fileSystem().readFile(root.resolve(key).toString());
  }

  @Override
  public String describe() {
    return root + "/";
  }

  private static String tag(FileProps props) {
    return props.lastModifiedTime() + "/" + props.size();
  }
}
