package io.pulsechat.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the gateway's {@code <prefix>feedback} table: partition {@code room}, sort {@code flag}
 * ({@code <message id>#<user>}), attributes {@code id}, {@code user}, {@code text},
 * {@code modelLabel}, {@code model}, {@code label} (the reader's) and {@code ts}. The gateway's
 * {@code DynamoDbFeedbackStore} writes it; this is the offline reader, a paginated Scan, since
 * the export reads every flag once per training run.
 */
final class FeedbackTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TEXT_ATTRIBUTES = List.of("text", "label", "modelLabel", "model", "room", "id", "user");

  private final DynamoDbClient dynamoDb;
  private final String table;

  FeedbackTable(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /**
   * Writes every flag to {@code out} as JSON lines in the {@code train --feedback} format (the
   * same lines as the gateway's {@code GET /api/feedback.jsonl}), ordered by room and flag.
   * The file appears whole or not at all: it is written next to {@code out} and moved.
   *
   * @return the number of flags written
   */
  int exportTo(Path out) throws IOException {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamoDb.scanPaginator(r -> r.tableName(table)).items().forEach(items::add);
    items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> string(i, "room"))
        .thenComparing(i -> string(i, "flag")));
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, out.getFileName().toString(), ".partial");
    try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      for (Map<String, AttributeValue> item : items) {
        w.write(JSON.writeValueAsString(line(item)));
        w.write('\n');
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return items.size();
  }

  private ObjectNode line(Map<String, AttributeValue> item) throws IOException {
    if (string(item, "text").isEmpty() || string(item, "label").isEmpty()) {
      throw new IOException("flag " + string(item, "room") + "/" + string(item, "flag") + " in " + table
          + " has no text or label");
    }
    ObjectNode node = JSON.createObjectNode();
    TEXT_ATTRIBUTES.forEach(name -> node.put(name, string(item, name)));
    AttributeValue ts = item.get("ts");
    if (ts != null && ts.n() != null) {
      node.put("ts", Long.parseLong(ts.n()));
    }
    return node;
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.s() == null ? "" : v.s();
  }
}
