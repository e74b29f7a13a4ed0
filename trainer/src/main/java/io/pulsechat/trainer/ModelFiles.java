package io.pulsechat.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** Writing model files of either kind, and the fingerprint that derives their default version. */
final class ModelFiles {
  private ModelFiles() {
  }

  /** Eight hex digits of the file's checksum: equal models get equal versions. */
  static String fingerprint(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file);
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }

  /** Writes {@code bytes} to {@code out}, creating its folder, and says so. */
  static void write(Path out, byte[] bytes, String version) throws IOException {
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    Files.write(out, bytes);
    System.out.println("wrote " + out + " (" + bytes.length + " bytes), model " + version);
  }
}
