package io.pulsechat.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** The mood and feedback tables on DynamoDB Local. */
class InsightStoresIT {
  private static LocalDynamoDb dynamo;
  private static DynamoDbAsyncClient client;
  private static Vertx vertx;
  private static InsightStores stores;

  @BeforeAll
  static void start() throws Exception {
    dynamo = LocalDynamoDb.start();
    client = dynamo.client();
    vertx = Vertx.vertx();
    stores = await(InsightStores.onDynamoDb(vertx, client, "it-" + UUID.randomUUID().toString().substring(0, 8) + "-"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (client != null) {
      client.close();
    }
    if (dynamo != null) {
      dynamo.close();
    }
  }

  @Test
  void moodMinutesAreWrittenInBatchesAndReadBackInOrder() throws Exception {
    long t0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
    List<MoodStore.Minute> minutes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      minutes.add(new MoodStore.Minute("busy", t0 + i * 60_000L, 0.0 - 0.123456789 * i, i, 2 * i, 3));
    }
    minutes.add(new MoodStore.Minute("other", t0, 1.0, 1, 0, 0));
    await(stores.mood().save(minutes));

    List<MoodStore.Minute> all = await(stores.mood().since("busy", t0));
    assertThat(all).containsExactlyElementsOf(minutes.subList(0, 60));
    assertThat(await(stores.mood().since("busy", t0 + 50 * 60_000L))).hasSize(10);
    assertThat(await(stores.mood().since("nobody", 0))).isEmpty();

    // writing a minute again replaces it
    MoodStore.Minute again = new MoodStore.Minute("other", t0, 2.5, 3, 1, 0);
    await(stores.mood().save(List.of(again)));
    assertThat(await(stores.mood().since("other", 0))).containsExactly(again);
  }

  @Test
  void flagsAreStoredOncePerUserAndMessageAndExported() throws Exception {
    FeedbackStore.Flag first = new FeedbackStore.Flag("lobby", "0001", "ann", "so slow today", "neutral", "m1",
        "positive", 10);
    FeedbackStore.Flag changed = new FeedbackStore.Flag("lobby", "0001", "ann", "so slow today", "neutral", "m1",
        "negative", 11);
    FeedbackStore.Flag other = new FeedbackStore.Flag("lobby", "0001", "bob", "so slow today", "neutral", "m1",
        "negative", 12);
    await(stores.feedback().put(first));
    await(stores.feedback().put(changed));
    await(stores.feedback().put(other));
    assertThat(await(stores.feedback().all())).filteredOn(f -> f.room().equals("lobby"))
        .containsExactly(changed, other);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
