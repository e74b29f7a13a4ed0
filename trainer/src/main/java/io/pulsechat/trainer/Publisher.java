package io.pulsechat.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.TrainingMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Publishes a model: {@code <version>/model.bin} and any report files first, then the pointer
 * {@code latest.json}, then the announcement. Readers poll {@code latest.json} and fetch what it
 * names, so they see the old model or the whole new one, never a mixture.
 */
public final class Publisher {
  public static final String POINTER = "latest.json";

  /** What the pointer and the announcement say of a model, of either kind. */
  public record Header(String version, TrainingMetrics metrics) {
  }

  public static final String MODEL_FILE = "model.bin";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelStore store;
  private final Announcer announcer;

  public Publisher(ModelStore store, Announcer announcer) {
    this.store = store;
    this.announcer = announcer;
  }

  /**
   * Refuses a report folder without an {@value Reports#JSON_FILE}, or whose report was made for
   * another model: publishing it would show one model's figures beside another's weights.
   */
  public static void checkReport(Header model, Path reportDir) throws IOException {
    if (reportDir == null) {
      return;
    }
    Path json = reportDir.resolve(Reports.JSON_FILE);
    if (!Files.isRegularFile(json)) {
      throw new UserError("--report " + reportDir + ": no " + Reports.JSON_FILE + " in it (write one with eval --report)");
    }
    JsonNode named;
    try {
      named = JSON.readTree(json.toFile()).get("model");
    } catch (JsonProcessingException e) {
      throw new UserError("--report " + reportDir + ": " + Reports.JSON_FILE + " is not JSON: " + e.getOriginalMessage());
    }
    if (named == null || !named.asText().equals(model.version())) {
      throw new UserError("--report " + reportDir + ": " + Reports.JSON_FILE + " evaluates model "
          + (named == null ? "(none named)" : named.asText()) + ", not " + model.version()
          + "; run eval --model on this model first");
    }
  }

  /** @return the pointer that was written */
  public ObjectNode publish(SentimentModel model, Path modelFile, Path reportDir) throws IOException {
    return publish(new Header(model.version(), model.metrics()), modelFile, reportDir);
  }

  /** @return the pointer that was written */
  public ObjectNode publish(Header model, Path modelFile, Path reportDir) throws IOException {
    checkReport(model, reportDir);
    String prefix = safe(model.version()) + "/";
    byte[] bytes = Files.readAllBytes(modelFile);
    store.put(prefix + MODEL_FILE, bytes, "application/octet-stream");
    ObjectNode pointer = JSON.createObjectNode();
    pointer.put("modelVersion", model.version());
    pointer.put("model", prefix + MODEL_FILE);
    pointer.put("sha256", sha256(bytes));
    pointer.put("bytes", bytes.length);
    if (reportDir != null) {
      for (String name : new String[] {Reports.JSON_FILE, Reports.HTML_FILE}) {
        Path file = reportDir.resolve(name);
        if (Files.exists(file)) {
          store.put(prefix + name, Files.readAllBytes(file),
              name.endsWith(".html") ? "text/html; charset=utf-8" : "application/json");
          pointer.put(name.endsWith(".html") ? "reportHtml" : "reportJson", prefix + name);
        }
      }
    }
    TrainingMetrics m = model.metrics();
    ObjectNode metrics = pointer.putObject("metrics");
    metrics.put("evaluatedOn", m.evaluatedOn());
    metrics.put("macroRecall", m.macroRecall());
    metrics.put("accuracy", m.accuracy());
    metrics.put("macroF1", m.macroF1());
    store.put(POINTER, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(pointer), "application/json");

    String detail = JSON.writeValueAsString(detail(model, store.locate(prefix + MODEL_FILE), store.locate(POINTER)));
    try {
      announcer.announce(detail);
    } catch (IOException e) {
      throw new IOException("model " + model.version() + " was published (" + store.locate(POINTER)
          + " written) but announcing " + Announcer.DETAIL_TYPE + " failed: " + e.getMessage(), e);
    }
    return pointer;
  }

  /** The announcement: {modelVersion, location, pointer, metrics: {macroRecall, accuracy, macroF1} when known}. */
  static ObjectNode detail(Header model, String location, String pointer) {
    ObjectNode detail = JSON.createObjectNode();
    detail.put("modelVersion", model.version());
    detail.put("location", location);
    detail.put("pointer", pointer);
    TrainingMetrics m = model.metrics();
    ObjectNode metrics = JSON.createObjectNode();
    putIfKnown(metrics, "macroRecall", m.macroRecall());
    putIfKnown(metrics, "accuracy", m.accuracy());
    putIfKnown(metrics, "macroF1", m.macroF1());
    if (!metrics.isEmpty()) {
      detail.set("metrics", metrics);
    }
    return detail;
  }

  private static void putIfKnown(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    }
  }

  private static String safe(String version) throws IOException {
    if (!version.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IOException("model version \"" + version + "\" cannot name a folder: use letters, digits, . _ -");
    }
    return version;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
