package dev.ferry.remote;

import java.nio.charset.StandardCharsets;
import okhttp3.Credentials;
import okhttp3.Request;

/**
 * How a target learns who calls: one header sent with every request. The value is a credential, so
 * it never appears in {@link #toString()}.
 */
public final class Auth {

  private static final Auth NONE = new Auth(null, null);

  private final String header;
  private final String value;

  private Auth(String header, String value) {
    this.header = header;
    this.value = value;
  }

  public static Auth none() {
    return NONE;
  }

  public static Auth basic(String user, String password) {
    return new Auth("Authorization", Credentials.basic(user, password, StandardCharsets.UTF_8));
  }

  /** None when there is no token (a cluster reached without one, e.g. through a local proxy). */
  public static Auth bearer(String token) {
    return token == null || token.isBlank() ? NONE : new Auth("Authorization", "Bearer " + token);
  }

  /** A product's own header, such as pocket-id's {@code X-API-KEY}. */
  public static Auth header(String name, String value) {
    return new Auth(name, value);
  }

  Request.Builder apply(Request.Builder request) {
    return header == null ? request : request.header(header, value);
  }

  @Override
  public String toString() {
    return header == null ? "Auth[none]" : "Auth[" + header + "]";
  }
}
