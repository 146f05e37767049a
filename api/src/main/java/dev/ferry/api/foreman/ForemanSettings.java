package dev.ferry.api.foreman;

import dev.ferry.api.problem.InvalidFieldException;
import dev.ferry.foreman.store.ForemanConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/** Checks a request beyond bean validation and turns it into stored settings. */
final class ForemanSettings {

  static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  static final int DEFAULT_READ_TIMEOUT_MS = 30_000;

  private ForemanSettings() {}

  static ForemanConfig.Settings from(ForemanConfigRequest body) {
    return new ForemanConfig.Settings(
        body.name().trim(),
        baseUrl(body.baseUrl()),
        body.username().trim(),
        body.verifyTls() == null || body.verifyTls(),
        caBundle(body.caBundlePem()),
        body.connectTimeoutMs() == null ? DEFAULT_CONNECT_TIMEOUT_MS : body.connectTimeoutMs(),
        body.readTimeoutMs() == null ? DEFAULT_READ_TIMEOUT_MS : body.readTimeoutMs(),
        blankToNull(body.hypervisorSearch()));
  }

  /**
   * The token or password, whichever was given; null when neither (keep the stored one on update).
   */
  static String credential(ForemanConfigRequest body) {
    boolean token = body.token() != null && !body.token().isBlank();
    boolean password = body.password() != null && !body.password().isBlank();
    if (token && password) {
      throw new InvalidFieldException("password", "give either token or password, not both");
    }
    return token ? body.token() : password ? body.password() : null;
  }

  private static String baseUrl(String raw) {
    String url = raw.trim().replaceAll("/+$", "");
    try {
      URI uri = new URI(url);
      if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getUserInfo() != null) {
        throw new InvalidFieldException(
            "baseUrl", "must be an http(s) URL such as https://foreman.example.com");
      }
    } catch (URISyntaxException e) {
      throw new InvalidFieldException("baseUrl", "is not a URL: " + e.getReason());
    }
    return url;
  }

  private static String caBundle(String pem) {
    if (pem == null || pem.isBlank()) {
      return null;
    }
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .isEmpty()) {
        throw new InvalidFieldException("caBundlePem", "holds no certificate");
      }
    } catch (CertificateException e) {
      throw new InvalidFieldException("caBundlePem", "is not a PEM certificate bundle");
    }
    return pem.trim() + "\n";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
