package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.agent.protocol.SshSignatureVectorsTestKeys;
import dev.ferry.agent.testing.TestAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Unknown keys, wrong types and impossible combinations stop the agent (the real process: exit
 * status 2 and a message naming the key); {@code --check-config} validates without starting.
 */
class StrictConfigTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Exit(int status, String stdout, String stderr) {}

  @BeforeEach
  void files() throws Exception {
    Files.writeString(tmp.resolve("manifest.json"), TestAgent.MANIFEST);
    Files.writeString(
        tmp.resolve("cluster.json"),
        "{\"principals\":{\"a\":{\"publicKey\":\"" + SshSignatureVectorsTestKeys.PUB + "\"}}}");
  }

  ObjectNode config(Consumer<ObjectNode> tweak) {
    ObjectNode c = TestAgent.baseConfig("h");
    c.putObject("credentialTypes").putObject("oidc").put("root", "auth");
    c.putObject("limits").put("workerThreads", 4);
    tweak.accept(c);
    return c;
  }

  @Test
  void aMisspeltKeyStopsTheAgentWithStatus2AndNamesIt() throws Exception {
    Exit exit = agent(config(c -> c.putObject("tsl").put("certFile", "a.pem")));
    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.stderr())
        .contains("ferry-agent: bad configuration: unknown key 'tsl' (did you mean 'tls'?)");
    Exit nested = agent(config(c -> ((ObjectNode) c.get("limits")).put("maxFolowers", 1)));
    assertThat(nested.status()).isEqualTo(2);
    assertThat(nested.stderr())
        .contains("unknown key 'limits.maxFolowers' (did you mean 'limits.maxFollowers'?)");
  }

  @Test
  void checkConfigValidatesWithoutStarting() throws Exception {
    Exit good = run("--check-config", write(config(c -> {})).toString());
    assertThat(good.status()).as(good.stderr()).isZero();
    assertThat(good.stdout()).contains("is valid");
    assertThat(tmp.resolve("state")).doesNotExist(); // nothing created
    Exit bad = run("--check-config", write(config(c -> c.put("maxSkewSecond", 30))).toString());
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.stderr())
        .contains("unknown key 'maxSkewSecond' (did you mean 'maxSkewSeconds'?)");
  }

  @Test
  void plainHttpIsLoggedAsAWarningAtStart() throws Exception {
    Process p = start(write(config(c -> {})).toString());
    try {
      String line;
      var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()));
      List<String> lines = new ArrayList<>();
      while ((line = err.readLine()) != null && !line.contains("\"listening\"")) {
        lines.add(line);
      }
      assertThat(lines)
          .anyMatch(l -> l.contains("\"level\":\"warn\"") && l.contains("\"insecure-http\""));
    } finally {
      p.destroy();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          wrong type              | {"listen":{"address":"127.0.0.1","port":"7443"}}  | 'listen.port' must be a whole number
          boolean as text         | {"insecureHttp":"yes"}                            | 'insecureHttp' must be true or false
          list of non-strings     | {"fileReadRoots":[1]}                             | 'fileReadRoots' must be a list of non-empty strings
          out of range            | {"maxSkewSeconds":0}                              | 'maxSkewSeconds' must be in 1..3600
          tls and plain HTTP      | {"tls":{"certFile":"a","keyFile":"b"}}            | 'tls' and 'insecureHttp' exclude each other
          neither                 | {"insecureHttp":false}                            | 'tls' is required
          plain HTTP on a network | {"listen":{"address":"0.0.0.0","port":0}}         | 'insecureHttp' on the non-loopback address 0.0.0.0 is refused
          force alone             | {"insecureHttp":false,"insecureHttpForce":true,"tls":{"certFile":"a","keyFile":"b"}} | 'insecureHttpForce' only makes sense with 'insecureHttp': true
          unknown tls key         | {"insecureHttp":false,"tls":{"cert":"a","keyFile":"b"}} | 'tls.certFile' is required
          followers vs threads    | {"limits":{"workerThreads":2,"maxFollowers":2}}   | 'limits.maxFollowers' (2) must be smaller than 'limits.workerThreads' (2)
          read root over secrets  | {"fileReadRoots":["."]}                           | 'fileReadRoots' entry
          read root = secrets     | {"fileReadRoots":["auth"]}                        | overlaps 'credentialTypes.oidc.root'
          nested credential roots | {"credentialTypes":{"oidc":{"root":"auth"},"ssl":{"root":"auth/ssl"}}} | 'credentialTypes.oidc.root' and 'credentialTypes.ssl.root' overlap
          read root holds tls key | {"insecureHttp":false,"tls":{"certFile":"pub/a.pem","keyFile":"pub/a.key"},"fileReadRoots":["pub"]} | overlaps 'tls.keyFile'
          bad mode                | {"credentialTypes":{"oidc":{"root":"auth","mode":"0644"}}} | 'credentialTypes.oidc.mode' must be "0600" or "0640"
          unknown credential key  | {"credentialTypes":{"oidc":{"root":"auth","manifestServices":false}}} | unknown key 'credentialTypes.oidc.manifestServices' (did you mean 'credentialTypes.oidc.manifestService'?)
          """)
  void refusesWithAMessageNamingTheKey(String name, String overlay, String message)
      throws Exception {
    ObjectNode c = config(x -> {});
    merge(c, (ObjectNode) JSON.readTree(overlay));
    assertThatThrownBy(() -> AgentConfig.fromJson(c, tmp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  private static void merge(ObjectNode target, ObjectNode overlay) {
    overlay
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isObject()
                  && target.get(e.getKey()) instanceof ObjectNode o
                  && !e.getKey().equals("credentialTypes")) {
                merge(o, (ObjectNode) e.getValue());
              } else if (e.getValue().isBoolean() && !e.getValue().booleanValue()) {
                target.remove(e.getKey()); // "false" in the table: the key absent
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }

  private Path write(ObjectNode config) throws Exception {
    return Files.writeString(tmp.resolve("agent.json"), config.toString());
  }

  private Exit agent(ObjectNode config) throws Exception {
    return run(write(config).toString());
  }

  private Exit run(String... args) throws Exception {
    Process p = start(args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Exit(p.exitValue(), out, err);
  }

  /** The agent's main class in a JVM of its own, on this test's class path. */
  private static Process start(String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgentMain.class.getName()));
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv).start();
  }
}
