package dev.ferry.sandbox.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The login and secret carried by an HTTP Basic {@code Authorization} header (RFC 7617). */
public record BasicAuth(String login, String secret) {

  /** Decodes the header; null when it is absent, not Basic, not Base64 or has no colon. */
  public static BasicAuth parse(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? null
        : new BasicAuth(decoded.substring(0, colon), decoded.substring(colon + 1));
  }
}
