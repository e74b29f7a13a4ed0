package io.pulsechat.gateway.store;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The mood and feedback tables on SQLite. */
class SqliteInsightStoresTest extends InsightStoresContract {
  private static SqliteDatabase db;
  private static InsightStores stores;

  @BeforeAll
  static void open() throws Exception {
    db = SqliteDatabase.open(Files.createTempDirectory("pulsechat-sqlite-"), "NORMAL", 1);
    stores = InsightStores.onSqlite(db);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Override
  protected InsightStores stores() {
    return stores;
  }
}
