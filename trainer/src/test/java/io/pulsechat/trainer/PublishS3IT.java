package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.sentiment.SentimentModel;
import io.pulsechat.sentiment.SentimentModels;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** publish to s3://bucket/prefix/ against s3proxy running in-process (a real S3 API, no SDK mock). */
class PublishS3IT {
  private S3Proxy proxy;
  private S3Client s3;

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "ak", "sk").build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(1);
    }
    s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ak", "sk"))).build();
    s3.createBucket(b -> b.bucket("models"));
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
    proxy.stop();
  }

  @Test
  void publishesModelAndReportThenThePointer(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.model");
    try (InputStream in = SentimentModels.class.getResourceAsStream(SentimentModels.DEFAULT_RESOURCE)) {
      Files.write(file, in.readAllBytes());
    }
    Path report = Files.createDirectories(dir.resolve("report"));
    Files.writeString(report.resolve(Reports.HTML_FILE), "<html></html>");
    SentimentModel model = SentimentModels.load(file);
    Files.writeString(report.resolve(Reports.JSON_FILE), "{\"model\": \"" + model.version() + "\"}");

    new Publisher(new S3Store(s3, URI.create("s3://models/sentiment/")), detail -> { })
        .publish(model, file, report);

    List<String> keys = s3.listObjectsV2(r -> r.bucket("models").prefix("sentiment/")).contents().stream()
        .map(o -> o.key()).sorted().toList();
    String v = model.version();
    assertThat(keys).containsExactly("sentiment/latest.json", "sentiment/" + v + "/eval.html",
        "sentiment/" + v + "/eval.json", "sentiment/" + v + "/model.bin");
    JsonNode latest = new ObjectMapper().readTree(
        s3.getObjectAsBytes(r -> r.bucket("models").key("sentiment/latest.json")).asByteArray());
    byte[] published = s3.getObjectAsBytes(r -> r.bucket("models").key("sentiment/" + latest.get("model").asText()))
        .asByteArray();
    assertThat(published).isEqualTo(Files.readAllBytes(file));
    assertThat(latest.get("modelVersion").asText()).isEqualTo(v);
  }
}
