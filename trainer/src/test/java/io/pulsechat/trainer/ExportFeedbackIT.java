package io.pulsechat.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.sentiment.Label;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code trainer export-feedback} against DynamoDB Local over HTTP, on a table with the key
 * schema of the stack's FeedbackTable and items shaped as the gateway's DynamoDbFeedbackStore
 * writes them; the output must be what {@code train --feedback} reads.
 */
class ExportFeedbackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static DynamoDBProxyServer server;
  private static String endpoint;
  private static DynamoDbClient dynamoDb;
  private static int tables;

  @TempDir Path dir;
  private String table;

  @BeforeAll
  static void startDynamoDbLocal() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    server = ServerRunner.createServerFromCommandLineArgs(
        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
    server.start();
    endpoint = "http://127.0.0.1:" + port;
    dynamoDb = DynamoDbClient.builder().endpointOverride(java.net.URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
  }

  @AfterAll
  static void stopDynamoDbLocal() throws Exception {
    dynamoDb.close();
    server.stop();
  }

  @BeforeEach
  void createTable() {
    table = "it-feedback-" + (++tables);
    dynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("room").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("flag").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("room").keyType(KeyType.HASH),
            k -> k.attributeName("flag").keyType(KeyType.RANGE)));
    // The command takes credentials from the default chain; system properties are its first link.
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
  }

  @AfterEach
  void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void flagsBecomeTrainingLinesOrderedByRoomAndFlag() throws Exception {
    put(List.of(
        flag("ops", "000000000002", "bob", "deploy failed again", "neutral", "negative"),
        flag("lobby", "000000000001", "alice", "love this room", "neutral", "positive"),
        flag("ops", "000000000001", "carol", "meh", "negative", "neutral")));
    Path out = dir.resolve("run/feedback.jsonl");

    assertThat(export(out)).isZero();

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("room").asText()).isEqualTo("lobby");
    assertThat(first.get("text").asText()).isEqualTo("love this room");
    assertThat(first.get("label").asText()).isEqualTo("positive");
    assertThat(first.get("modelLabel").asText()).isEqualTo("neutral");
    assertThat(first.get("ts").asLong()).isEqualTo(1_795_000_000_000L);
    assertThat(JSON.readTree(lines.get(1)).get("id").asText()).isEqualTo("000000000001");
    assertThat(Datasets.feedback(out)).containsExactly(
        new Example("love this room", Label.POSITIVE), new Example("meh", Label.NEUTRAL),
        new Example("deploy failed again", Label.NEGATIVE));
    assertThat(Files.list(out.getParent())).containsExactly(out);
  }

  @Test
  void everyScanPageIsRead() throws Exception {
    // 1,200 items of about 1 KB are more than the 1 MB one Scan call returns.
    String padding = "x".repeat(1000);
    List<Map<String, AttributeValue>> many = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      many.add(flag("room-" + (i % 7), String.format("%012d", i), "u", "text " + i + " " + padding, "neutral", "positive"));
    }
    put(many);
    Path out = dir.resolve("feedback.jsonl");

    assertThat(export(out)).isZero();

    assertThat(Datasets.feedback(out)).hasSize(1200);
  }

  @Test
  void anEmptyTableGivesAnEmptyFileAndAMissingTableFails() throws Exception {
    Path out = dir.resolve("feedback.jsonl");
    assertThat(export(out)).isZero();
    assertThat(Datasets.feedback(out)).isEmpty();

    table = "no-such-table";
    assertThat(export(dir.resolve("other.jsonl"))).isEqualTo(1);
    assertThat(dir.resolve("other.jsonl")).doesNotExist();
  }

  private int export(Path out) {
    return TrainerCli.run("export-feedback", "--table", table, "--out", out.toString(),
        "--region", "us-east-1", "--dynamodb-endpoint", endpoint);
  }

  /** An item as DynamoDbFeedbackStore writes it. */
  private static Map<String, AttributeValue> flag(String room, String id, String user, String text, String modelLabel,
                                                  String label) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("room", AttributeValue.fromS(room));
    item.put("flag", AttributeValue.fromS(id + "#" + user));
    item.put("id", AttributeValue.fromS(id));
    item.put("user", AttributeValue.fromS(user));
    item.put("text", AttributeValue.fromS(text));
    item.put("modelLabel", AttributeValue.fromS(modelLabel));
    item.put("model", AttributeValue.fromS("tweeteval-lr-0000abcd"));
    item.put("label", AttributeValue.fromS(label));
    item.put("ts", AttributeValue.fromN("1795000000000"));
    return item;
  }

  private void put(List<Map<String, AttributeValue>> items) {
    for (int from = 0; from < items.size(); from += 25) {
      List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
          .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
      dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
    }
  }
}
