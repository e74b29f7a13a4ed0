package io.pulsechat.gateway.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsechat.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import io.pulsechat.gateway.aws.AwsClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The stores the configuration asks for ({@code STORE}): a SQLite file under DATA_DIR, the
 * configured DynamoDB, or DynamoDB Local embedded in this process with its files under
 * DATA_DIR. Creates the tables it needs, and releases everything on {@link #close()}.
 */
public final class Storage {
  /** The file DynamoDB Local keeps its tables in, in DATA_DIR. */
  public static final String DYNAMODB_LOCAL_FILE = "shared-local-instance.db";
  private static final Logger log = LoggerFactory.getLogger(Storage.class);
  /** How often expired rows are looked for on SQLite. */
  private static final Duration EXPIRY_PERIOD = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final MessageStore store;
  private final InsightStores insights;
  private final AutoCloseable resources;
  private final long expiryTimer;

  private Storage(Vertx vertx, MessageStore store, InsightStores insights, AutoCloseable resources, long expiryTimer) {
    this.vertx = vertx;
    this.store = store;
    this.insights = insights;
    this.resources = resources;
    this.expiryTimer = expiryTimer;
  }

  public static Future<Storage> open(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    return switch (config.store()) {
      case SQLITE -> openSqlite(vertx, config, registry);
      case DYNAMODB -> openDynamoDb(vertx, config, registry, null);
      // Starting DynamoDB Local blocks for about a second.
      case DYNAMODB_LOCAL -> vertx.executeBlocking(() -> EmbeddedDynamoDb.startWithFiles(config.dataDir()))
          .compose(embedded -> openDynamoDb(vertx, config, registry, embedded));
    };
  }

  private static Future<Storage> openSqlite(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    Path dataDir = config.dataDir();
    if (Files.exists(dataDir.resolve(DYNAMODB_LOCAL_FILE))) {
      log.warn("{} holds DynamoDB Local tables ({}) from an earlier PulseChat, which stored there by default; this"
          + " gateway stores in SQLite ({}) and does not read them. To keep using them, start with"
          + " STORE=dynamodb-local; to copy their messages, mood and flags into SQLite, run once:"
          + " java -cp gateway.jar io.pulsechat.gateway.store.ImportDynamoDbLocal {}", dataDir, DYNAMODB_LOCAL_FILE,
          SqliteDatabase.FILE_NAME, dataDir);
    }
    return vertx.executeBlocking(() -> SqliteDatabase.open(dataDir, config.sqliteSynchronous(), config.sqliteReaders()))
        .map(db -> {
          SqliteMessageStore messages = new SqliteMessageStore(db,
              writer -> new WriteBehindBatcher(vertx, writer, WriteBehindSettings.forSqlite(config), registry));
          InsightStores insights = InsightStores.onSqlite(db);
          long timer = new SqliteExpiry(db, config.messageTtl(), System::currentTimeMillis)
              .start(vertx, EXPIRY_PERIOD);
          return new Storage(vertx, messages, insights, db, timer);
        });
  }

  private static Future<Storage> openDynamoDb(Vertx vertx, GatewayConfig config, MeterRegistry registry,
                                              EmbeddedDynamoDb embedded) {
    DynamoDbAsyncClient client = dynamoDbClient(config, embedded);
    log.info("Storing messages in {}", embedded != null ? "DynamoDB Local (" + config.dataDir() + ")"
        : config.dynamoDbEndpoint().map(Object::toString).orElse("DynamoDB in " + config.awsRegion().orElse("?")));
    AutoCloseable resources = () -> {
      client.close();
      if (embedded != null) {
        embedded.close();
      }
    };
    return new DynamoDbTables(vertx, client, config.tablePrefix()).ensureMessagesTable()
        .compose(table -> InsightStores.onDynamoDb(vertx, client, config.tablePrefix(), config.messageTtl()))
        .map(insights -> new Storage(vertx, new DynamoDbMessageStore(vertx, client, config, registry), insights,
            resources, -1))
        .recover(e -> vertx.<Void>executeBlocking(() -> {
          resources.close();
          return null;
        }).transform(ignored -> Future.failedFuture(e)));
  }

  /**
   * With an endpoint and no region, a local DynamoDB (dummy credentials); otherwise DynamoDB in
   * the configured region with the default credential chain, optionally through the endpoint
   * (e.g. a VPC endpoint). Calls time out within the write retry budget.
   */
  private static DynamoDbAsyncClient dynamoDbClient(GatewayConfig config, EmbeddedDynamoDb embedded) {
    Duration callTimeout = WriteBehindSettings.callTimeout(config.writeRetryBudget());
    if (embedded != null) {
      return AwsClients.forLocalEndpoints().dynamoDb(Optional.of(embedded.endpoint()), callTimeout);
    }
    if (config.awsRegion().isEmpty()) {
      return AwsClients.forLocalEndpoints().dynamoDb(config.dynamoDbEndpoint(), callTimeout);
    }
    return AwsClients.fromDefaultChain(config.awsRegion()).dynamoDb(config.dynamoDbEndpoint(), callTimeout);
  }

  public MessageStore store() {
    return store;
  }

  /** The mood, feedback, read-marker and access stores, on the same storage as the messages. */
  public InsightStores insights() {
    return insights;
  }

  /**
   * Closes the clients, the SQLite file or the embedded DynamoDB Local; call after the store was
   * flushed. Both wait for threads to end, so they run on a worker.
   */
  public Future<Void> close() {
    if (expiryTimer != -1) {
      vertx.cancelTimer(expiryTimer);
    }
    return vertx.executeBlocking(() -> {
      resources.close();
      return null;
    });
  }
}
