package dev.ferry.fort.activity;

import java.util.regex.Pattern;

/**
 * The beacon's public entry for one service: an HTTP server that only redirects to HTTPS, and an
 * HTTPS server that terminates TLS with the certificate Ferry issued and proxies to the service.
 * Every value is checked here against a closed character set before it is written into nginx's
 * syntax, so no input can end a directive or open a block, whatever checked it before.
 */
final class NginxServerBlock {

  /** Where a host's services listen: a DNS name, an IPv4 address or a bracketed IPv6 address. */
  private static final Pattern UPSTREAM_HOST =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
              + "|\\[[0-9A-Fa-f:.]{2,45}\\]");

  private static final Pattern ABSOLUTE_PATH = Pattern.compile("(/[A-Za-z0-9_.-]+)+");

  static final String CERTIFICATE = "fullchain.pem";
  static final String KEY = "key.pem";
  static final String CONFIG = "server.conf";

  /**
   * One entry's inputs.
   *
   * @param entryDir the entry's directory on the beacon (its proxy root + entry name), where the
   *     certificate and key files sit next to the server block
   */
  record Entry(
      String fqdn,
      int httpPort,
      int httpsPort,
      String upstreamHost,
      int upstreamPort,
      String entryDir) {

    Entry {
      if (!DnsNames.isName(fqdn)) {
        throw new IllegalArgumentException("not a DNS name: " + printable(fqdn));
      }
      if (upstreamHost == null || !UPSTREAM_HOST.matcher(upstreamHost).matches()) {
        throw new IllegalArgumentException("not an upstream address: " + printable(upstreamHost));
      }
      if (entryDir == null
          || !ABSOLUTE_PATH.matcher(entryDir).matches()
          || entryDir.contains("/../")
          || entryDir.endsWith("/..")) {
        throw new IllegalArgumentException("not an absolute path: " + printable(entryDir));
      }
      for (int port : new int[] {httpPort, httpsPort, upstreamPort}) {
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("port out of range: " + port);
        }
      }
    }
  }

  private NginxServerBlock() {}

  static String render(Entry e) {
    String https = e.httpsPort() == 443 ? "" : ":" + e.httpsPort();
    return """
        # managed by Ferry: public entry for %1$s
        server {
            listen %2$d;
            server_name %1$s;
            return 301 https://%1$s%3$s$request_uri;
        }
        server {
            listen %4$d ssl;
            server_name %1$s;
            ssl_certificate %5$s/%6$s;
            ssl_certificate_key %5$s/%7$s;
            ssl_protocols TLSv1.2 TLSv1.3;
            client_max_body_size 100m;
            location / {
                proxy_pass http://%8$s:%9$d;
                proxy_http_version 1.1;
                proxy_set_header Host $host;
                proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection "upgrade";
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto https;
                proxy_set_header X-Real-IP $remote_addr;
            }
        }
        """
        .formatted(
            e.fqdn(),
            e.httpPort(),
            https,
            e.httpsPort(),
            e.entryDir(),
            CERTIFICATE,
            KEY,
            e.upstreamHost(),
            e.upstreamPort());
  }

  /** A refused value, quoted without its control characters (it goes into a message). */
  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return "'" + (clean.length() > 80 ? clean.substring(0, 80) + "…" : clean) + "'";
  }
}
