package io.pulsechat.trainer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

@Command(name = "export-feedback", mixinStandardHelpOptions = true,
    description = "Write readers' label corrections from the gateway's DynamoDB feedback table as JSON lines for train --feedback.")
final class ExportFeedbackCommand implements Callable<Integer> {
  @Option(names = "--table", paramLabel = "NAME", required = true,
      description = "The feedback table, <prefix>feedback (the stack's FeedbackTable).")
  String table;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "JSON-lines file to write.")
  Path out;

  @Option(names = "--region", description = "AWS region of the table (default: from the AWS default chain).")
  String region;

  @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
      description = "DynamoDB endpoint override (DynamoDB Local in tests); default: AWS.")
  URI dynamoDbEndpoint;

  @Override
  public Integer call() {
    DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (dynamoDbEndpoint != null) {
      builder.endpointOverride(dynamoDbEndpoint);
    }
    try (DynamoDbClient dynamoDb = builder.build()) {
      int flags = new FeedbackTable(dynamoDb, table).exportTo(out);
      System.out.println("exported " + flags + " flags from " + table + " to " + out);
      return 0;
    } catch (IOException | SdkException e) {
      System.err.println("export-feedback: " + e.getMessage());
      return 1;
    }
  }
}
