package io.pulsechat.loadgen.distributed;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One end of a coordinator-agent connection: JSON objects, one a line. A line longer than
 * {@value #MAX_LINE} bytes ends the connection rather than the reader's memory.
 */
final class Wire implements AutoCloseable {
  static final int MAX_LINE = 64 << 20;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Wire(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  synchronized void send(JsonObject message) throws IOException {
    out.write(message.encode().getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    out.flush();
  }

  /** The next message; an IOException when the other end has gone or sent something else. */
  JsonObject receive() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed by " + socket.getRemoteSocketAddress());
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("a line over " + MAX_LINE + " bytes from " + socket.getRemoteSocketAddress());
      }
      line.write(b);
    }
    try {
      return new JsonObject(line.toString(StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IOException("not a JSON object from " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
    }
  }

  String peer() {
    return String.valueOf(socket.getRemoteSocketAddress());
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
