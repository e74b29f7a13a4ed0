package io.pulsechat.gateway.store;

import io.pulsechat.gateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One SQLite file in WAL mode with one writer thread and a small pool of reader threads, each
 * thread with a connection of its own. Writes run one after another on the writer (SQLite takes
 * one writer at a time anyway, and one thread keeps batches in commit order); reads run in
 * parallel beside it, since WAL readers never wait for the writer. Neither ever runs on an event
 * loop: callers get Vert.x futures that complete on their own context.
 *
 * <p>A lock file next to the database keeps a second gateway off the same DATA_DIR: two
 * processes would interleave their message ids in one table.
 */
public final class SqliteDatabase implements AutoCloseable {
  /** The database file's name inside DATA_DIR. */
  public static final String FILE_NAME = "pulsechat.db";
  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
  /**
   * How long a statement waits for a lock another process holds (an operator's open write
   * transaction in the sqlite3 shell) before it fails; well below the batcher's retry budget, so
   * a batch is retried or refused in time.
   */
  static final int BUSY_TIMEOUT_MS = 1000;
  /**
   * A read that has not answered by then fails with unavailable, so a history request never
   * hangs behind a lock or a queue of slow reads.
   */
  static final java.time.Duration READ_TIMEOUT = java.time.Duration.ofSeconds(5);
  /** Tasks waiting for the writer or the readers; past it calls fail at once with unavailable. */
  private static final int MAX_WAITING = 10_000;

  /** Work on a connection of the database. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Connection writer;
  private final ExecutorService writerThread;
  private final BlockingQueue<Connection> readers;
  private final List<Connection> allReaders = new ArrayList<>();
  private final ExecutorService readerThreads;

  private SqliteDatabase(Path file, FileChannel lockChannel, FileLock lock, Connection writer, List<Connection> readers) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
    this.allReaders.addAll(readers);
    this.writerThread = pool("pulsechat-sqlite-writer", 1);
    this.readerThreads = pool("pulsechat-sqlite-reader", readers.size());
  }

  /**
   * Opens (creating if needed) {@code dataDir/pulsechat.db}, brings its schema up to date and
   * applies the durability setting; blocking, so call it on a worker.
   *
   * @param synchronous {@code FULL} (a commit survives a power loss) or {@code NORMAL} (a commit
   *                    survives a process crash; the last commits may be lost on power loss)
   * @throws IllegalStateException with a message for the operator when the file cannot be used
   */
  public static SqliteDatabase open(Path dataDir, String synchronous, int readerCount) {
    Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
    FileChannel channel = null;
    FileLock lock = null;
    List<Connection> opened = new ArrayList<>();
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(dataDir.resolve(FILE_NAME + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException("another gateway uses " + file
            + " (its lock file is held); give each gateway a DATA_DIR of its own");
      }
      Connection writer = connect(file);
      opened.add(writer);
      try (Statement s = writer.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=" + synchronous);
      }
      SqliteSchema.migrate(writer, file);
      for (int i = 0; i < readerCount; i++) {
        Connection reader = connect(file);
        opened.add(reader);
      }
      log.info("Storing in SQLite {} (WAL, synchronous={}, {} readers)", file, synchronous, readerCount);
      return new SqliteDatabase(file, channel, lock, writer, opened.subList(1, opened.size()));
    } catch (IOException | SQLException | RuntimeException e) {
      opened.forEach(SqliteDatabase::closeQuietly);
      try {
        if (lock != null) {
          lock.release();
        }
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // the start fails anyway
      }
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException("cannot use the SQLite database " + file + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
      s.execute("PRAGMA foreign_keys=OFF");
    }
    return c;
  }

  public Path file() {
    return file;
  }

  /** Runs {@code work} on the writer, in submission order; the caller manages transactions. */
  public <T> Future<T> write(Work<T> work) {
    return submit(writerThread, () -> work.run(writer));
  }

  /** Runs {@code work} in one transaction on the writer: committed when it returns, rolled back when it throws. */
  public <T> Future<T> transaction(Work<T> work) {
    return write(c -> inTransaction(c, work));
  }

  /** Runs {@code work} on a reader connection. */
  public <T> Future<T> read(Work<T> work) {
    return submit(readerThreads, () -> {
      Connection c = readers.take();
      try {
        return work.run(c);
      } finally {
        readers.add(c);
      }
    }).timeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(
        e instanceof java.util.concurrent.TimeoutException
            ? new StoreUnavailableException("SQLite did not answer a read within " + READ_TIMEOUT, e) : e));
  }

  static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException nothingOpen) {
        // SQLite already rolled the transaction back (a full disk does): nothing is left to end.
      }
    }
  }

  /**
   * Whether a failed statement may succeed when tried again: a lock held by another process,
   * a full disk, an I/O error. A corrupt file or a refused row will not.
   */
  static boolean isTransient(Throwable failure) {
    if (failure instanceof StoreUnavailableException) {
      return true;
    }
    if (!(failure instanceof SQLiteException e)) {
      return false;
    }
    SQLiteErrorCode code = e.getResultCode();
    int primary = code.code & 0xff;
    return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
        || primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code
        || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code;
  }

  private interface Task<T> {
    T call() throws Exception;
  }

  private static <T> Future<T> submit(ExecutorService executor, Task<T> task) {
    Promise<T> promise = CallerContext.promise();
    try {
      executor.execute(() -> {
        try {
          promise.complete(task.call());
        } catch (Throwable e) {
          promise.fail(e);
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new StoreUnavailableException(
          executor.isShutdown() ? "the SQLite store is closed" : "too many SQLite calls wait"));
    }
    return promise.future();
  }

  private static ExecutorService pool(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(MAX_WAITING), r -> {
          Thread t = new Thread(r, threads == 1 ? name : name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Lets queued work finish, then closes the connections and the lock; blocking. */
  @Override
  public void close() {
    writerThread.shutdown();
    readerThreads.shutdown();
    try {
      writerThread.awaitTermination(10, TimeUnit.SECONDS);
      readerThreads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    allReaders.forEach(SqliteDatabase::closeQuietly);
    closeQuietly(writer);
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("Releasing the lock of {} failed: {}", file, e.toString());
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.warn("Closing a SQLite connection failed: {}", e.toString());
    }
  }
}
