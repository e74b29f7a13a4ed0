package io.pulsechat.gateway.http;

import io.pulsechat.gateway.metrics.NetMeters;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands before the static handler of the browser client: a path with a segment starting with
 * a dot ({@code /.env}, {@code /.git/config}) is never served, and a file whose real location
 * (links resolved) is outside the public folder is not either. Both answer 404, as a missing
 * file does. The folder is {@code CHAT_PUBLIC_DIR}, or {@code ./public} when the copy in the jar
 * is used (Vert.x serves a {@code public} folder of the working directory ahead of the jar's).
 */
final class PublicFiles implements Handler<RoutingContext> {
  private final Vertx vertx;
  private final Path root;
  private final NetMeters meters;

  PublicFiles(Vertx vertx, Path publicDir, NetMeters meters) {
    this.vertx = vertx;
    this.root = (publicDir == null ? Path.of("public") : publicDir).toAbsolutePath().normalize();
    this.meters = meters;
  }

  @Override
  public void handle(RoutingContext rc) {
    String path = rc.normalizedPath();
    if (hidden(path)) {
      refuse(rc);
      return;
    }
    // Resolving links is file-system I/O: on a worker, never on the event loop.
    vertx.executeBlocking(() -> inside(path), false).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        rc.next();
      } else {
        refuse(rc);
      }
    });
  }

  static boolean hidden(String path) {
    for (String segment : path.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** True when the file is missing (the static handler answers 404) or really lies in the folder. */
  private boolean inside(String path) throws IOException {
    if (!Files.isDirectory(root)) {
      return true;
    }
    Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
    if (!file.startsWith(root)) {
      return false;
    }
    if (!Files.exists(file)) {
      return !Files.isSymbolicLink(file);
    }
    return file.toRealPath().startsWith(root.toRealPath());
  }

  private void refuse(RoutingContext rc) {
    meters.requestRefused(NetMeters.Reason.HIDDEN_FILE);
    rc.response().setStatusCode(404).end();
  }
}
