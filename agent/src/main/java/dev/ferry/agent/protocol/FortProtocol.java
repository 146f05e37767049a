package dev.ferry.agent.protocol;

import java.nio.charset.StandardCharsets;

/** Wire constants and the canonical string shared by the agent and its clients. */
public final class FortProtocol {
  private FortProtocol() {}

  public static final String HEADER_ORIGIN = "X-Fort-Origin";
  public static final String HEADER_TIMESTAMP = "X-Fort-Timestamp";
  public static final String HEADER_SIGNATURE = "X-Fort-Signature";

  /** fort-nix kept this namespace when everything else was renamed; {@code fort} is wrong. */
  public static final String NAMESPACE = "fort-agent";

  public static final long DEFAULT_MAX_SKEW_SECONDS = 300;

  /**
   * {@code METHOD\nTARGET\nTIMESTAMP\n<hex sha256(body)>}, no trailing newline. TARGET is the full
   * request target (path plus {@code ?query} when present), so query parameters are covered too;
   * for query-less routes this is byte-identical to fort-nix.
   */
  public static String canonicalString(
      String method, String target, String timestamp, byte[] body) {
    return method + "\n" + target + "\n" + timestamp + "\n" + Digests.sha256Hex(body);
  }

  public static byte[] canonicalBytes(String method, String target, String timestamp, byte[] body) {
    return canonicalString(method, target, timestamp, body).getBytes(StandardCharsets.UTF_8);
  }
}
