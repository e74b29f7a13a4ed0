package io.pulsechat.gateway.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain sockets speaking just enough HTTP/1.1 to send what no well-behaved client would. */
final class RawHttp {
  private RawHttp() {
  }

  /** A connected socket to the gateway with a read timeout, so no test can hang on it. */
  static Socket open(int port, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout((int) readTimeout.toMillis());
    return socket;
  }

  /** Sends one request and reads the answer until the server closes or the timeout passes. */
  static String exchange(int port, String request) throws IOException {
    try (Socket socket = open(port, Duration.ofSeconds(10))) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readHead(socket.getInputStream());
    }
  }

  /** A connected socket from a chosen local address (another loopback address, say). */
  static Socket openFrom(String localAddress, int port, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(localAddress, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout((int) readTimeout.toMillis());
    return socket;
  }

  /** A WebSocket upgrade request for {@code /ws}; {@code origin} may be null. */
  static String upgrade(int port, String origin) {
    return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
  }

  /**
   * Sends a WebSocket upgrade on {@code socket} and reads the answer's head: the status line
   * ("HTTP/1.1 101 ...") or an empty string when the server closed without answering.
   */
  static String upgradeOn(Socket socket, int port, String origin) throws IOException {
    try {
      socket.getOutputStream().write(upgrade(port, origin).getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readHead(socket.getInputStream());
    } catch (IOException e) {
      return "";
    }
  }

  /** One server frame (servers never mask): its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    int closeStatus() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }
  }

  static Frame readFrame(InputStream in) throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) {
      throw new java.io.EOFException("socket closed before a frame");
    }
    long length = b1 & 0x7f;
    if (length == 126) {
      length = (in.read() << 8) | in.read();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | in.read();
      }
    }
    byte[] payload = in.readNBytes((int) length);
    return new Frame(b0 & 0x0f, payload);
  }

  /** The status line and headers of one answer (up to the blank line). */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      byte[] so = head.toByteArray();
      int n = so.length;
      if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits for the server to close the socket: true when it did (end of stream or reset) within
   * {@code limit}, false when the socket was still open then. Whatever arrives meanwhile is skipped.
   */
  static boolean closedByServerWithin(Socket socket, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    socket.setSoTimeout(200);
    byte[] sink = new byte[4096];
    while (System.nanoTime() < deadline) {
      try {
        if (socket.getInputStream().read(sink) == -1) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // still open; keep waiting
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }
}
