package io.pulsechat.gateway.sentiment;

import io.pulsechat.gateway.metrics.GatewayMetrics;
import io.pulsechat.sentiment.AccurateModel;
import io.pulsechat.sentiment.AccurateModelFormat;
import io.pulsechat.sentiment.ModelFormat;
import io.pulsechat.sentiment.SentimentModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link ModelSource} for a new {@code latest.json} and swaps the model in the
 * {@link ModelHolder} once the new one has loaded. Downloading is async I/O; checking the digest
 * and parsing (tens of milliseconds for a few MB) run on a worker thread, never on the loop.
 * A model that is corrupt, of an unknown format version, or not what its pointer promised is
 * refused with one log line and the old model stays; a failure to reach the store is retried
 * at the next poll.
 */
public final class ModelWatcher extends VerticleBase {
  /** The pointer file, written last by {@code trainer publish}. */
  public static final String POINTER = "latest.json";
  private static final Logger log = LoggerFactory.getLogger(ModelWatcher.class);

  private final Function<Context, ModelSource> sourceFactory;
  private final ModelHolder holder;
  private final GatewayMetrics metrics;
  private final Duration every;
  private ModelSource source;
  private long timer = -1;
  private boolean polling;
  /** Tag of the last pointer acted upon (swapped, already in use, or refused). */
  private String knownTag;

  /** The source is built on this verticle's context, so that its futures complete here. */
  public ModelWatcher(Function<Context, ModelSource> sourceFactory, ModelHolder holder,
                      GatewayMetrics metrics, Duration every) {
    this.sourceFactory = sourceFactory;
    this.holder = holder;
    this.metrics = metrics;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    source = sourceFactory.apply(context);
    metrics.modelInUse(holder.version());
    log.info("Watching {} for new sentiment models every {} s (in use: {})", source.describe(), every.toSeconds(),
        holder.version());
    timer = vertx.setPeriodic(every.toMillis(), id -> poll());
    // A model published while the gateway was down is picked up at once, not after a period.
    return poll().otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return source.close();
  }

  /** A poll now, on the watcher's context, from any thread (tests, an admin hook). */
  Future<Void> pollNow() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> poll().onComplete(done));
    return done.future();
  }

  /** One look at the store; a poll still running (a large download) makes the next one a no-op. */
  Future<Void> poll() {
    if (polling) {
      return Future.succeededFuture();
    }
    polling = true;
    return source.pointerIfChanged(knownTag)
        .compose(pointer -> pointer == null ? Future.<Void>succeededFuture() : consider(pointer))
        .onFailure(e -> log.warn("Cannot read the model store {} now, retrying in {} s: {}", source.describe(),
            every.toSeconds(), e.toString()))
        .eventually(() -> {
          polling = false;
          return Future.succeededFuture();
        });
  }

  private Future<Void> consider(ModelSource.Pointer pointer) {
    ModelPointer target;
    try {
      target = ModelPointer.parse(pointer.json());
    } catch (ModelRefusedException e) {
      refuse(pointer.tag(), "?", e);
      return Future.succeededFuture();
    }
    if (holder.inUse(target.modelVersion())) {
      knownTag = pointer.tag();
      return Future.succeededFuture();
    }
    return source.read(target.key())
        .compose(bytes -> vertx.<Object>executeBlocking(() -> load(target, bytes), false))
        .<Void>map(model -> {
          String old = holder.version();
          if (model instanceof AccurateModel accurate) {
            holder.swap(accurate);
          } else {
            holder.swap((SentimentModel) model);
          }
          knownTag = pointer.tag();
          metrics.modelInUse(holder.version());
          log.info("Sentiment model swapped: {} -> {} (from {})", old, target.modelVersion(),
              source.describe() + target.key());
          return null;
        })
        .recover(e -> {
          if (e instanceof ModelRefusedException refused) {
            refuse(pointer.tag(), target.modelVersion(), refused);
            return Future.succeededFuture();
          }
          return Future.failedFuture(e);
        });
  }

  private void refuse(String tag, String version, ModelRefusedException e) {
    knownTag = tag;
    metrics.modelRefused();
    log.error("Refused sentiment model {} from {}: {}; keeping {}", version, source.describe(), e.getMessage(),
        holder.version());
  }

  /**
   * Runs on a worker: checks the digest, parses (a fast or an accurate model, told apart by their
   * magic), and checks the version inside the file and, for an accurate model, its encoder.
   */
  private Object load(ModelPointer pointer, Buffer bytes) {
    byte[] raw = bytes.getBytes();
    String digest = sha256(raw);
    if (!digest.equalsIgnoreCase(pointer.sha256())) {
      throw new ModelRefusedException(pointer.key() + " has SHA-256 " + digest + ", latest.json promised "
          + pointer.sha256());
    }
    Object model;
    String version;
    try {
      if (AccurateModelFormat.isAccurate(raw)) {
        AccurateModel accurate = AccurateModelFormat.read(new ByteArrayInputStream(raw));
        holder.check(accurate);
        model = accurate;
        version = accurate.version();
      } else {
        SentimentModel fast = ModelFormat.read(new ByteArrayInputStream(raw));
        model = fast;
        version = fast.version();
      }
    } catch (IOException | RuntimeException e) {
      throw new ModelRefusedException(pointer.key() + ": " + e.getMessage(), e);
    }
    if (!version.equals(pointer.modelVersion())) {
      throw new ModelRefusedException(pointer.key() + " holds model " + version + ", latest.json names "
          + pointer.modelVersion());
    }
    return model;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
