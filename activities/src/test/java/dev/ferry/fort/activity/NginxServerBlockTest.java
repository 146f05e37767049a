package dev.ferry.fort.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server block takes only values from closed character sets; nothing else is rendered. */
class NginxServerBlockTest {

  @Test
  void httpRedirectsAndHttpsTerminatesWithTheEntrysCertificate() {
    String conf =
        NginxServerBlock.render(
            new NginxServerBlock.Entry(
                "wiki.example.test", 80, 8443, "10.0.0.5", 3000, "/var/lib/fort/proxy/wiki.web"));

    assertThat(conf)
        .contains("listen 80;")
        .contains("return 301 https://wiki.example.test:8443$request_uri;")
        .contains("listen 8443 ssl;")
        .contains("ssl_certificate /var/lib/fort/proxy/wiki.web/fullchain.pem;")
        .contains("ssl_certificate_key /var/lib/fort/proxy/wiki.web/key.pem;")
        .contains("proxy_pass http://10.0.0.5:3000;");
    assertThat(
            NginxServerBlock.render(
                new NginxServerBlock.Entry("a.example.test", 80, 443, "[::1]", 1, "/p/a.web")))
        .contains("return 301 https://a.example.test$request_uri;")
        .contains("proxy_pass http://[::1]:1;");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"x;}", "x y", "x\nserver {", "*.example.test", "a..b", "ä.example.test", ""})
  void aHostileNameIsRefused(String fqdn) {
    assertThatThrownBy(() -> new NginxServerBlock.Entry(fqdn, 80, 443, "10.0.0.5", 1, "/p/e"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a DNS name")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.5;", "host name", "[::1];", "h/x", "a{b}"})
  void aHostileUpstreamIsRefused(String upstream) {
    assertThatThrownBy(
            () -> new NginxServerBlock.Entry("a.example.test", 80, 443, upstream, 1, "/p/e"))
        .hasMessageContaining("not an upstream address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/path", "/p/../etc", "/p/e;", "/p e", "/"})
  void aHostilePathIsRefused(String dir) {
    assertThatThrownBy(
            () -> new NginxServerBlock.Entry("a.example.test", 80, 443, "10.0.0.5", 1, dir))
        .hasMessageContaining("not an absolute path");
  }

  @Test
  void portsAreInRange() {
    assertThatThrownBy(
            () -> new NginxServerBlock.Entry("a.example.test", 0, 443, "10.0.0.5", 1, "/p/e"))
        .hasMessageContaining("port out of range");
    assertThatThrownBy(
            () -> new NginxServerBlock.Entry("a.example.test", 80, 443, "10.0.0.5", 65536, "/p/e"))
        .hasMessageContaining("port out of range");
  }
}
