package io.pulsechat.trainer;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** An S3 prefix, {@code s3://bucket/prefix/}. A PUT replaces an object whole, so readers never see half of one. */
public final class S3Store implements ModelStore {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3Store(S3Client s3, URI location) {
    if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
      throw new IllegalArgumentException("expected s3://bucket/prefix/, got " + location);
    }
    this.s3 = s3;
    this.bucket = location.getHost();
    String path = location.getPath() == null ? "" : location.getPath().replaceFirst("^/", "");
    this.prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) throws IOException {
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType(contentType).build(),
          RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new IOException("upload of s3://" + bucket + "/" + prefix + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String locate(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }
}
