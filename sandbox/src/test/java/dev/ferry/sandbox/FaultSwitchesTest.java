package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.sandbox.core.SandboxHttpServer;
import dev.ferry.sandbox.foreman.ForemanSandbox;
import dev.ferry.sandbox.foreman.ForemanUser;
import dev.ferry.sandbox.forgejo.ForgejoSandbox;
import dev.ferry.sandbox.forward.ForwardSandbox;
import dev.ferry.sandbox.kubernetes.KubernetesSandbox;
import dev.ferry.sandbox.pocketid.PocketIdSandbox;
import dev.ferry.testing.Http;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every stand-in answers the same admin switches (faults, latency) the same way. */
class FaultSwitchesTest {

  /** A stand-in, a product path that needs credentials, and where its error shape has the text. */
  static Stream<Arguments> standIns() {
    return Stream.of(
        standIn(
            "forward",
            () -> new ForwardSandbox().user("key", "secret"),
            "/api/networks",
            "/message"),
        standIn(
            "foreman",
            () -> new ForemanSandbox(10).user(ForemanUser.admin("admin", "token")),
            "/api/hosts",
            "/message"),
        standIn(
            "kubernetes",
            () -> new KubernetesSandbox().token("token"),
            "/api/v1/namespaces/ns/secrets/s1",
            "/message"),
        standIn("pocket-id", () -> new PocketIdSandbox("key"), "/api/oidc/clients", "/error"),
        standIn("forgejo", ForgejoSandbox::new, "/api/v1/users/forge-admin/tokens", "/message"));
  }

  private static Arguments standIn(
      String name, Supplier<SandboxHttpServer> sandbox, String path, String messagePointer) {
    return Arguments.of(name, sandbox, path, messagePointer);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standIns")
  void anArmedFaultAnswersOnceInTheProductsErrorShape(
      String name, Supplier<SandboxHttpServer> sandbox, String path, String messagePointer)
      throws Exception {
    try (SandboxHttpServer server = sandbox.get().start(0)) {
      Http anonymous = new Http(server.baseUrl(), null, null);
      assertThat(anonymous.get(path).status()).isEqualTo(401);

      Http.Resp armed =
          anonymous.post(
              "/__sandbox/faults",
              Map.of("faults", new Object[] {Map.of("type", "503", "count", 1, "path", path)}));
      assertThat(armed.status()).isEqualTo(200);
      assertThat(armed.json().at("/faults/0/remaining").asInt()).isEqualTo(1);

      Http.Resp faulted = anonymous.get(path);
      assertThat(faulted.status()).isEqualTo(503);
      assertThat(faulted.header("Retry-After")).isEqualTo("1");
      assertThat(faulted.json().at(messagePointer).asText()).contains("(injected fault)");
      assertThat(anonymous.get(path).status()).as("the fault is used up").isEqualTo(401);
      assertThat(anonymous.get("/__sandbox/state").json().path("sandbox").asText()).isEqualTo(name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standIns")
  void latencyAndConnectionResetsApplyToProductRoutes(
      String name, Supplier<SandboxHttpServer> sandbox, String path, String messagePointer)
      throws Exception {
    try (SandboxHttpServer server = sandbox.get().start(0)) {
      Http anonymous = new Http(server.baseUrl(), null, null);
      anonymous.post("/__sandbox/faults", Map.of("latencyMs", 300));
      long started = System.nanoTime();
      assertThat(anonymous.get(path).status()).isEqualTo(401);
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);

      // count 2: HttpClient silently retries a GET once after a dropped connection
      anonymous.post(
          "/__sandbox/faults",
          Map.of("latencyMs", 0, "faults", new Object[] {Map.of("type", "reset", "count", 2)}));
      assertThatThrownBy(() -> anonymous.get(path)).isInstanceOf(IOException.class);
      assertThat(anonymous.get(path).status()).isEqualTo(401);

      assertThat(
              anonymous.send("DELETE", "/__sandbox/faults", null).json().path("latencyMs").asLong())
          .isZero();
    }
  }
}
