package io.pulsechat.gateway.sentiment;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The trainer's {@code latest.json}: which model file is current, and its SHA-256. Written last
 * by {@code trainer publish}, so the file it names is complete when the pointer is seen.
 *
 * @param modelVersion the version inside the model file (checked after loading)
 * @param key          the model file relative to the store's root, e.g. {@code v7/model.bin}
 * @param sha256       lower-case hex digest of the model file
 */
public record ModelPointer(String modelVersion, String key, String sha256) {

  /** @throws ModelRefusedException when the pointer is not the trainer's format */
  public static ModelPointer parse(Buffer json) {
    JsonObject o;
    try {
      o = json.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new ModelRefusedException("latest.json is not a JSON object");
    }
    String version = o.getValue("modelVersion") instanceof String s ? s : null;
    String key = o.getValue("model") instanceof String s ? s : null;
    String sha = o.getValue("sha256") instanceof String s ? s : null;
    if (version == null || key == null || sha == null) {
      throw new ModelRefusedException("latest.json lacks modelVersion, model or sha256");
    }
    // The key is joined to a folder or an S3 prefix: it must not climb out of it.
    if (key.startsWith("/") || key.contains("..") || key.contains("\\")) {
      throw new ModelRefusedException("latest.json names the model file " + key + " outside the store");
    }
    return new ModelPointer(version, key, sha);
  }
}
