package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SandboxMainTest {
  @Test
  void defaultsMatchTheDemo() {
    SandboxMain.Options o = SandboxMain.parse(new String[0]);
    assertThat(o.forwardPort()).isEqualTo(18080);
    assertThat(o.foremanPort()).isEqualTo(18081);
    assertThat(o.forwardUsers().get(0)).containsExactly("demo-key", "demo-secret");
    assertThat(o.foremanUsers().get(0)).containsExactly("admin", "demo-token");
  }

  @Test
  void parsesOptions() {
    SandboxMain.Options o =
        SandboxMain.parse(
            new String[] {
              "--forward-port",
              "1",
              "--foreman-port",
              "2",
              "--forward-user",
              "a:b:c",
              "--foreman-user",
              "root:tok",
              "--foreman-hosts",
              "50000",
              "--latency-ms",
              "20",
              "--foreman-latency-ms",
              "100",
              "--forward-rate-limit",
              "2000"
            });
    assertThat(o.forwardUsers().get(0)).containsExactly("a", "b:c");
    assertThat(o.foremanUsers().get(0)).containsExactly("root", "tok");
    assertThat(o.foremanHosts()).isEqualTo(50000);
    assertThat(o.forwardLatencyMs()).isEqualTo(20);
    assertThat(o.foremanLatencyMs()).isEqualTo(100);
    assertThat(o.forwardRateLimit()).isEqualTo(2000);
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--forward-user", "nocolon"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--bogus", "1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
