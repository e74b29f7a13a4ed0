package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer publish --event-bus} end to end: a folder model store and a fake EventBridge
 * endpoint (the JDK's HttpServer) that records what the AWS SDK really sends.
 */
class PublishEventBridgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Received(String method, String path, String target, String contentType, String authorization,
                  String body, boolean pointerExisted) { }

  @TempDir Path dir;
  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile String answer;
  private Path store;
  private Path modelFile;
  private SentimentModel model;

  @BeforeEach
  void start() throws Exception {
    store = dir.resolve("store");
    modelFile = dir.resolve("m.model");
    try (InputStream in = SentimentModels.class.getResourceAsStream(SentimentModels.DEFAULT_RESOURCE)) {
      Files.write(modelFile, in.readAllBytes());
    }
    model = SentimentModels.load(modelFile);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        var h = exchange.getRequestHeaders();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            h.getFirst("X-Amz-Target"), h.getFirst("Content-Type"), h.getFirst("Authorization"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
            Files.exists(store.resolve(Publisher.POINTER))));
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
    // Credentials come from the default chain; system properties are its first link.
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
  }

  @AfterEach
  void stop() {
    server.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private int publish() {
    return TrainerCli.run("publish", "--model", modelFile.toString(), "--to", store.toString(),
        "--region", "eu-west-1", "--event-bus", "pulsechat-bus",
        "--events-endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void announcesOneModelTrainingCompletedEntryAfterThePointer() throws Exception {
    answer = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"1\"}]}";

    assertThat(publish()).isZero();

    assertThat(received).hasSize(1);
    Received r = received.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.target()).isEqualTo("AWSEvents.PutEvents");
    assertThat(r.contentType()).isEqualTo("application/x-amz-json-1.1");
    assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
        .contains("/eu-west-1/events/aws4_request").contains("SignedHeaders=").contains("Signature=");
    assertThat(r.pointerExisted()).as("latest.json written before the announcement").isTrue();

    JsonNode entries = JSON.readTree(r.body()).get("Entries");
    assertThat(entries).hasSize(1);
    JsonNode entry = entries.get(0);
    assertThat(entry.get("Source").asText()).isEqualTo("pulsechat");
    assertThat(entry.get("DetailType").asText()).isEqualTo("ModelTrainingCompleted");
    assertThat(entry.get("EventBusName").asText()).isEqualTo("pulsechat-bus");
    JsonNode detail = JSON.readTree(entry.get("Detail").asText());
    String v = model.version();
    assertThat(detail.get("modelVersion").asText()).isEqualTo(v);
    assertThat(detail.get("location").asText()).isEqualTo(store.resolve(v + "/model.bin").toString());
    assertThat(detail.get("pointer").asText()).isEqualTo(store.resolve("latest.json").toString());
    JsonNode metrics = detail.get("metrics");
    assertThat(metrics.get("macroRecall").asDouble()).isEqualTo(model.metrics().macroRecall());
    assertThat(metrics.get("accuracy").asDouble()).isEqualTo(model.metrics().accuracy());
    assertThat(metrics.get("macroF1").asDouble()).isEqualTo(model.metrics().macroF1());

    assertThat(Files.readAllBytes(store.resolve(v + "/model.bin"))).isEqualTo(Files.readAllBytes(modelFile));
    assertThat(JSON.readTree(store.resolve("latest.json").toFile()).get("modelVersion").asText()).isEqualTo(v);
  }

  @Test
  void aRejectedEntryFailsTheCommand() throws Exception {
    answer = "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"x\"}]}";
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = publish();
    } finally {
      System.setErr(err);
    }

    assertThat(exit).isNotZero();
    assertThat(received).hasSize(1);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("EventBridge rejected").contains("InternalFailure: x").contains("pulsechat-bus");
    // The model itself is published: the announcement comes after the pointer.
    assertThat(store.resolve(Publisher.POINTER)).exists();
  }

  @Test
  void withoutAnEventBusOnlyLogs() {
    int exit = TrainerCli.run("publish", "--model", modelFile.toString(), "--to", store.toString());
    assertThat(exit).isZero();
    assertThat(received).isEmpty();
    assertThat(store.resolve(Publisher.POINTER)).exists();
  }
}
