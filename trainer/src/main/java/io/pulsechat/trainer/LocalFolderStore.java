package io.pulsechat.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A folder: each object is written to a temporary file and moved into place atomically. */
public final class LocalFolderStore implements ModelStore {
  private final Path root;

  public LocalFolderStore(Path root) {
    this.root = root;
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) throws IOException {
    Path target = root.resolve(key).normalize();
    if (!target.startsWith(root.normalize())) {
      throw new IOException("key escapes the folder: " + key);
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".publish-", ".tmp");
    try {
      Files.write(temp, bytes);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public String locate(String key) {
    return root.resolve(key).toString();
  }
}
