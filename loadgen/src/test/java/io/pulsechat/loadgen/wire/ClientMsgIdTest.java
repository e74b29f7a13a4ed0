package io.pulsechat.loadgen.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientMsgIdTest {
  private static final byte[] RUN = "abc12".getBytes(StandardCharsets.US_ASCII);

  @Test
  void roundTripsThroughAMessageFrameAsTheGatewayWritesIt() {
    String id = ClientMsgId.encode("abc12", 7, 4711, 98_765_432_109L);
    Buffer frame = new JsonObject().put("type", "message").put("room", "r").put("id", "01")
        .put("text", "he said \"clientMsgId\":\"x\"").put("clientMsgId", id).toBuffer();
    ClientMsgId.Decoded d = new ClientMsgId.Decoded();

    assertThat(ClientMsgId.find(frame, RUN, d)).isTrue();
    assertThat(d.sender).isEqualTo(7);
    assertThat(d.seq).isEqualTo(4711);
    assertThat(d.sendMicros).isEqualTo(98_765_432_109L);
    assertThat(FrameKind.of(frame)).isEqualTo(FrameKind.MESSAGE);
  }

  @Test
  void fitsTheProtocolsSixtyFourCharacters() {
    assertThat(ClientMsgId.encode("abcdefghijkl", 9_999_999, Integer.MAX_VALUE * 4L, Long.MIN_VALUE + 1))
        .hasSizeLessThanOrEqualTo(64);
  }

  @Test
  void decodesNegativeClockValuesAndErrorRefs() {
    ClientMsgId.Decoded d = new ClientMsgId.Decoded();
    assertThat(ClientMsgId.decode(ClientMsgId.encode("abc12", 0, 1, -5), RUN, d)).isTrue();
    assertThat(d.sendMicros).isEqualTo(-5);
  }

  @Test
  void refusesIdsOfOtherRunsAndOtherClients() {
    ClientMsgId.Decoded d = new ClientMsgId.Decoded();
    assertThat(ClientMsgId.decode(ClientMsgId.encode("zzz99", 1, 2, 3), RUN, d)).isFalse();
    assertThat(ClientMsgId.decode("abc12", RUN, d)).isFalse();
    assertThat(ClientMsgId.decode("abc12.1.2", RUN, d)).isFalse();
    assertThat(ClientMsgId.decode("abc12.1.x.3", RUN, d)).isFalse();
    assertThat(ClientMsgId.decode("browser-42", RUN, d)).isFalse();
    assertThat(ClientMsgId.find(Buffer.buffer("{\"type\":\"message\",\"text\":\"hi\"}"), RUN, d)).isFalse();
  }

  @Test
  void sortsFramesByTheirLeadingType() {
    assertThat(FrameKind.of(Buffer.buffer("{\"type\":\"ack\",\"clientMsgId\":\"a\"}"))).isEqualTo(FrameKind.ACK);
    assertThat(FrameKind.of(Buffer.buffer("{\"type\":\"members\",\"count\":3}"))).isEqualTo(FrameKind.OTHER);
    assertThat(FrameKind.of(Buffer.buffer("{\"room\":\"r\",\"type\":\"message\"}"))).isEqualTo(FrameKind.OTHER);
  }
}
