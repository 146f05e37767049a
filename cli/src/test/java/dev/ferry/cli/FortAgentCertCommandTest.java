package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry fort agent-cert` against a loopback server answering like the API: it checks the request's
 * signature and certifies the key in it (or, switched, another key or a 400).
 */
class FortAgentCertCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  @TempDir Path files;
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private String originalHome;
  private volatile String answer = "sign";

  @BeforeEach
  void start() throws Exception {
    assumeTrue(
        System.getenv("FERRY_URL") == null
            && System.getenv("FERRY_TOKEN") == null
            && System.getenv("FERRY_CONFIG_HOME") == null);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/fort/clusters/demo/hosts/host1/agent-certificate",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          bodies.add(body);
          int status = 201;
          String response;
          try {
            response = AgentCertificateAnswers.answer(body, "other-key".equals(answer));
            if ("bad-request".equals(answer)) {
              status = 400;
              response =
                  "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"invalid\","
                      + "\"errors\":[{\"field\":\"host\",\"message\":\"cannot be a certificate name\"}]}";
            }
          } catch (Exception e) {
            status = 500;
            response = "{\"detail\":\"" + e.getMessage() + "\"}";
          }
          byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    originalHome = System.getProperty("user.home");
    System.setProperty("user.home", home.toString());
    new CliConfig("http://127.0.0.1:" + server.getAddress().getPort(), "fry_test").save();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    if (server != null) {
      server.stop(0);
      System.setProperty("user.home", originalHome);
    }
  }

  private int run(String... extra) {
    String[] args = {
      "fort",
      "agent-cert",
      "demo",
      "host1",
      "--cert-file",
      files.resolve("tls/fullchain.pem").toString(),
      "--key-file",
      files.resolve("tls/key.pem").toString(),
      "--ca-file",
      files.resolve("tls/ca.pem").toString()
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return FerryCli.run(all);
  }

  @Test
  void theKeyIsMadeHereWrittenOwnerOnlyAndOnlyTheRequestTravels() throws Exception {
    assertThat(run()).isEqualTo(ExitCodes.OK);

    Path key = files.resolve("tls/key.pem");
    Path cert = files.resolve("tls/fullchain.pem");
    String keyPem = Files.readString(key);
    assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(pairs(keyPem, certifiedKey(Files.readString(cert)))).isTrue();
    assertThat(Files.readString(files.resolve("tls/ca.pem"))).isEqualTo("CA PEM");
    assertThat(bodies).singleElement().satisfies(b -> assertThat(b).doesNotContain("PRIVATE"));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("host1.fort.demo.test", "serial abc")
        .doesNotContain("PRIVATE");

    // a second run does not overwrite the key it made, unless forced
    assertThat(run()).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists; pass --force");
    assertThat(bodies).hasSize(1);
    assertThat(Files.readString(key)).isEqualTo(keyPem);
    assertThat(run("--force")).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(key)).isNotEqualTo(keyPem);
    assertThat(pairs(Files.readString(key), certifiedKey(Files.readString(cert)))).isTrue();
    assertThat(pairs(keyPem, certifiedKey(Files.readString(cert)))).isFalse();
  }

  @Test
  void nothingIsWrittenWhenTheApiRefusesOrCertifiesAnotherKey() {
    answer = "bad-request";
    assertThat(run()).isEqualTo(ExitCodes.BAD_INPUT_OR_AUTH);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("host", "certificate name");
    assertThat(files.resolve("tls")).doesNotExist();

    answer = "other-key";
    assertThat(run()).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("certified another key");
    assertThat(files.resolve("tls")).doesNotExist();
  }

  private static PublicKey certifiedKey(String pem) throws Exception {
    return java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes()))
        .getPublicKey();
  }

  /**
   * Whether the private key in this PEM belongs to {@code certified}: sign with one, verify with
   * the other.
   */
  private static boolean pairs(String privateKeyPem, PublicKey certified) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(privateKeyPem))) {
      PrivateKey key =
          new JcaPEMKeyConverter()
              .getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject());
      byte[] probe = "probe".getBytes(StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(certified);
      verifier.update(probe);
      return verifier.verify(signature);
    }
  }
}
