package io.pulsechat.loadgen.series;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Writes each interval as one JSON line as it ends, so a long run can be followed with {@code tail -f}. */
public final class JsonLines implements Consumer<Interval>, AutoCloseable {
  private final BufferedWriter out;

  public JsonLines(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file);
  }

  @Override
  public void accept(Interval interval) {
    try {
      out.write(interval.toJson().encode());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
