package io.pulsechat.trainer;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Upload a model and its report to a folder or s3://bucket/prefix/, writing latest.json last, then announce it.")
final class PublishCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file to publish.")
  Path model;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Folder with eval.json / eval.html (from eval --report) to publish alongside; its eval.json must name"
          + " the same model version.")
  Path report;

  @Option(names = "--to", paramLabel = "DEST", required = true,
      description = "Destination: a folder, or s3://bucket/prefix/ (credentials and region from the AWS default chain).")
  String to;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint (path-style), e.g. a local s3proxy; default: AWS.")
  URI s3Endpoint;

  @Option(names = "--region", description = "AWS region for S3 and EventBridge (default: from the AWS default chain).")
  String region;

  @Option(names = "--event-bus", paramLabel = "NAME",
      description = "EventBridge bus to announce ModelTrainingCompleted on, after latest.json is written;"
          + " default: a log line on standard error.")
  String eventBus;

  @Option(names = "--events-endpoint", paramLabel = "URL",
      description = "EventBridge endpoint override (a VPC endpoint, or a local fake in tests); default: AWS.")
  URI eventsEndpoint;

  @Override
  public Integer call() throws IOException {
    ModelOption.Loaded loaded = ModelOption.load(model, "--model");
    Publisher.Header m = new Publisher.Header(loaded.version(), loaded.metrics());
    Publisher.checkReport(m, report);
    if (to.startsWith("s3://")) {
      URI destination = s3Destination();
      S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
      if (region != null) {
        builder.region(Region.of(region));
      }
      if (s3Endpoint != null) {
        builder.endpointOverride(s3Endpoint).forcePathStyle(true);
      }
      S3Client s3;
      try {
        s3 = builder.build();
      } catch (SdkClientException e) {
        throw new UserError("--to " + to + ": no AWS region for S3; give --region or set AWS_REGION ("
            + e.getMessage() + ")");
      }
      try (s3) {
        return publish(m, new S3Store(s3, destination));
      }
    }
    return publish(m, new LocalFolderStore(Path.of(to)));
  }

  private URI s3Destination() {
    URI uri;
    try {
      uri = new URI(to);
    } catch (URISyntaxException e) {
      throw new UserError("--to " + to + ": not a valid s3://bucket/prefix/ URI: " + e.getMessage());
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new UserError("--to " + to + ": name a bucket, as in s3://bucket/prefix/");
    }
    return uri;
  }

  private int publish(Publisher.Header m, ModelStore store) {
    if (eventBus == null) {
      return publish(m, store, Announcer.log());
    }
    EventBridgeClientBuilder builder = EventBridgeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (eventsEndpoint != null) {
      builder.endpointOverride(eventsEndpoint);
    }
    EventBridgeClient events;
    try {
      events = builder.build();
    } catch (SdkClientException e) {
      throw new UserError("--event-bus " + eventBus + ": no AWS region for EventBridge; give --region or set"
          + " AWS_REGION (" + e.getMessage() + ")");
    }
    try (events) {
      return publish(m, store, new EventBridgeAnnouncer(events, eventBus));
    }
  }

  private int publish(Publisher.Header m, ModelStore store, Announcer announcer) {
    try {
      new Publisher(store, announcer).publish(m, model, report);
    } catch (IOException e) {
      System.err.println("publish: " + e.getMessage());
      return 1;
    }
    System.out.println("published " + m.version() + " to " + store.locate(Publisher.POINTER));
    return 0;
  }
}
