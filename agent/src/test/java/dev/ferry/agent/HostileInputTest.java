package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.protocol.FortProtocol;
import dev.ferry.agent.protocol.OpenSshPrivateKey;
import dev.ferry.agent.protocol.SshSignature;
import dev.ferry.agent.testing.RawHttp;
import dev.ferry.agent.testing.SshKeygen;
import dev.ferry.agent.testing.TestAgent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile request gets its documented status and error, and leaves the file system
 * (credential roots, readable roots, state dir, an "outside" dir that symlinks point to) and the
 * service manager untouched.
 */
class HostileInputTest {
  static final String WRITE = "{\"files\":{\"client-secret\":\"s\"}}";

  @TempDir Path tmp;

  TestAgent agent;
  OpenSshPrivateKey forge;
  OpenSshPrivateKey sandbox;
  Path outside;
  Map<String, String> before;

  @BeforeEach
  void start() throws Exception {
    SshKeygen.assumePresent();
    Path f = SshKeygen.generate(tmp, "forge", "ed25519");
    Path s = SshKeygen.generate(tmp, "sandbox", "ed25519");
    forge = OpenSshPrivateKey.parse(Files.readString(f));
    sandbox = OpenSshPrivateKey.parse(Files.readString(s));
    Path dir = Files.createDirectory(tmp.resolve("agent"));
    agent =
        new TestAgent(
            dir,
            Map.of(
                "forge", Map.entry(SshKeygen.publicKey(f), List.of("credential-provider")),
                "ratched", Map.entry(SshKeygen.publicKey(s), List.of("dev-sandbox"))),
            null);
    outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "top secret");
    Files.writeString(dir.resolve("secret-next-to-root"), "also secret");
    Files.createSymbolicLink(agent.fileRoot.resolve("escape"), outside.resolve("secret"));
    Files.createSymbolicLink(agent.fileRoot.resolve("escape-dir"), outside);
    Files.writeString(agent.fileRoot.resolve("big.log"), "x".repeat(2048));
    Files.createSymbolicLink(
        agent.credentialRoot("oidc").resolve("git"),
        outside); // a planted link where a service dir goes
    before = agent.snapshot();
  }

  @AfterEach
  void stop() throws Exception {
    if (agent == null) {
      return;
    }
    try {
      assertThat(agent.snapshot()).as("file system untouched").isEqualTo(before);
      assertThat(agent.services.signals()).as("no signal sent").hasSize(signalsAllowed);
    } finally {
      agent.close();
    }
  }

  // --- authentication
  // -------------------------------------------------------------------------------

  @Test
  void missingHeaders() throws Exception {
    long ts = TestAgent.now();
    Map<String, String> all =
        TestAgent.signedHeaders("ratched", sandbox, "POST", "/fort/status", "{}", ts);
    for (String drop :
        List.of(
            FortProtocol.HEADER_ORIGIN,
            FortProtocol.HEADER_TIMESTAMP,
            FortProtocol.HEADER_SIGNATURE)) {
      Map<String, String> h = new HashMap<>(all);
      h.remove(drop);
      expect(agent.raw("POST", "/fort/status", "{}", h), 401, "missing auth headers");
    }
    expect(
        agent.raw("POST", "/credentials/oidc/wiki", WRITE, Map.of()), 401, "missing auth headers");
    Map<String, String> blank = new HashMap<>(all);
    blank.put(FortProtocol.HEADER_SIGNATURE, " ");
    expect(agent.raw("POST", "/fort/status", "{}", blank), 401, "missing auth headers");
  }

  @Test
  void garbledTimestampAndSignature() throws Exception {
    long ts = TestAgent.now();
    for (String bad : List.of("abc", "-5", "+" + ts, ts + ".0", "1e9", "99999999999999999999")) {
      Map<String, String> h =
          new HashMap<>(
              TestAgent.signedHeaders("ratched", sandbox, "POST", "/fort/status", "{}", ts));
      h.put(FortProtocol.HEADER_TIMESTAMP, bad);
      expect(agent.raw("POST", "/fort/status", "{}", h), 401, "invalid timestamp");
    }
    Map<String, String> h =
        new HashMap<>(
            TestAgent.signedHeaders("ratched", sandbox, "POST", "/fort/status", "{}", ts));
    h.put(FortProtocol.HEADER_SIGNATURE, "not base64 !!");
    expect(
        agent.raw("POST", "/fort/status", "{}", h),
        401,
        "signature verification failed: invalid base64");
    h.put(FortProtocol.HEADER_SIGNATURE, "U1NIU0lHAAAAAQ==");
    expect(
        agent.raw("POST", "/fort/status", "{}", h),
        401,
        "signature verification failed: malformed signature: truncated data");
    // armored signature in a header is refused (strict base64, no armor)
    String armored =
        SshSignature.armor(
                Base64.getDecoder()
                    .decode(
                        TestAgent.signedHeaders(
                                "ratched", sandbox, "POST", "/fort/status", "{}", ts)
                            .get(FortProtocol.HEADER_SIGNATURE)))
            .replace("\n", " ");
    h.put(FortProtocol.HEADER_SIGNATURE, armored);
    expect(
        agent.raw("POST", "/fort/status", "{}", h),
        401,
        "signature verification failed: invalid base64");
  }

  @Test
  void clockSkewIsPlusMinus300Seconds() throws Exception {
    // 10 s either side of the limit: a loaded machine may take a few seconds between signing and
    // checking.
    long now = TestAgent.now();
    expect(
        agent.signed("POST", "/fort/status", "{}", "ratched", sandbox, now - 310),
        401,
        "timestamp drift too large");
    expect(
        agent.signed("POST", "/fort/status", "{}", "ratched", sandbox, now + 310),
        401,
        "timestamp drift too large");
    assertThat(
            agent.signed("POST", "/fort/status", "{}", "ratched", sandbox, now - 290).statusCode())
        .isEqualTo(200);
    assertThat(
            agent.signed("POST", "/fort/status", "{}", "ratched", sandbox, now + 290).statusCode())
        .isEqualTo(200);
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", WRITE, "forge", forge, now - 3600),
        401,
        "timestamp drift too large");
  }

  @Test
  void replayedSignatureIsRejected() throws Exception {
    long ts = TestAgent.now();
    Map<String, String> w =
        TestAgent.signedHeaders(
            "forge", forge, "POST", "/signal/wiki", "{\"action\":\"restart\"}", ts);
    HttpResponse<String> first = agent.raw("POST", "/signal/wiki", "{\"action\":\"restart\"}", w);
    assertThat(first.statusCode()).isEqualTo(200);
    before = agent.snapshot(); // the one legitimate signal was logged; the replay must add nothing
    signalsAllowed = 1;
    expect(
        agent.raw("POST", "/signal/wiki", "{\"action\":\"restart\"}", w), 401, "replayed request");
  }

  int signalsAllowed = 0;

  @Test
  void replayWithARewrittenEnvelopeIsStillAReplay() throws Exception {
    // the SSHSIG "reserved" field is not signed: filling it changes the blob but not the verdict
    long ts = TestAgent.now();
    String body = "{\"action\":\"restart\"}";
    Map<String, String> h =
        TestAgent.signedHeaders("forge", forge, "POST", "/signal/wiki", body, ts);
    byte[] blob = Base64.getDecoder().decode(h.get(FortProtocol.HEADER_SIGNATURE));
    int reservedAt =
        6 + 4 + 4 + 51 + 4 + 10; // magic, version, string(pubkey), string("fort-agent")
    assertThat(java.util.Arrays.copyOfRange(blob, reservedAt, reservedAt + 4))
        .containsExactly(0, 0, 0, 0);
    byte[] padded = new byte[blob.length + 3];
    System.arraycopy(blob, 0, padded, 0, reservedAt);
    padded[reservedAt + 3] = 3;
    padded[reservedAt + 4] = 'x';
    padded[reservedAt + 5] = 'y';
    padded[reservedAt + 6] = 'z';
    System.arraycopy(blob, reservedAt + 4, padded, reservedAt + 7, blob.length - reservedAt - 4);
    Map<String, String> variant = new HashMap<>(h);
    variant.put(FortProtocol.HEADER_SIGNATURE, Base64.getEncoder().encodeToString(padded));
    assertThat(agent.raw("POST", "/signal/wiki", body, variant).statusCode()).isEqualTo(200);
    before = agent.snapshot();
    signalsAllowed = 1;
    expect(agent.raw("POST", "/signal/wiki", body, h), 401, "replayed request");
  }

  @Test
  void wrongKeyUnknownOriginAndTamperedRequests() throws Exception {
    long ts = TestAgent.now();
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", WRITE, "forge", sandbox, ts),
        401,
        "signature verification failed: signing key does not match the key on file for this origin");
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", WRITE, "mallory", forge, ts),
        401,
        "unknown origin");
    // signed for one target, sent to another (body, query string and method are covered too)
    Map<String, String> h =
        TestAgent.signedHeaders(
            "ratched", sandbox, "GET", "/file?path=" + agent.fileRoot + "/big.log", "", ts);
    expect(
        agent.raw("GET", "/file?path=" + outside + "/secret", "", h),
        401,
        "signature verification failed: incorrect signature");
    Map<String, String> w =
        TestAgent.signedHeaders("forge", forge, "POST", "/credentials/oidc/wiki", WRITE, ts);
    expect(
        agent.raw("POST", "/credentials/oidc/wiki", "{\"files\":{\"client-secret\":\"evil\"}}", w),
        401,
        "signature verification failed: incorrect signature");
    expect(
        agent.raw("POST", "/credentials/oidc/git", WRITE, w),
        401,
        "signature verification failed: incorrect signature");
    Map<String, String> dup = new HashMap<>(w);
    assertThat(agent.audit())
        .doesNotContain(dup.get(FortProtocol.HEADER_SIGNATURE))
        .doesNotContain("evil");
  }

  // --- authorization and manifest
  // -------------------------------------------------------------------

  @Test
  void forbiddenCapabilityAndUnknownService() throws Exception {
    long ts = TestAgent.now();
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", WRITE, "ratched", sandbox, ts),
        403,
        "not authorized for this capability");
    expect(
        agent.signed("POST", "/signal/wiki", "{\"action\":\"restart\"}", "ratched", sandbox, ts),
        403,
        "not authorized for this capability");
    expect(
        agent.signed("GET", "/journal/wiki", "", "forge", forge, ts),
        403,
        "not authorized for this capability");
    expect(
        agent.signed("DELETE", "/credentials/oidc/wiki", "", "ratched", sandbox, ts),
        403,
        "not authorized for this capability");
    expect(
        agent.signed("POST", "/credentials/oidc/sshd", WRITE, "forge", forge, ts),
        404,
        "service not on this host");
    expect(
        agent.signed("POST", "/signal/sshd", "{\"action\":\"restart\"}", "forge", forge, ts),
        404,
        "service not on this host");
    expect(
        agent.signed("POST", "/credentials/gpg/wiki", WRITE, "forge", forge, ts),
        404,
        "unknown credential type");
    expect(
        agent.signed("POST", "/fort/ssl-cert", "{}", "forge", forge, ts),
        404,
        "capability not found");
    expect(
        agent.signed(
            "POST", "/fort/systemd", "{\"action\":\"stop\",\"unit\":\"sshd\"}", "forge", forge, ts),
        404,
        "service not on this host");
    expect(
        agent.signed(
            "POST",
            "/fort/systemd",
            "{\"action\":\"stop\",\"unit\":\"wiki\"}",
            "ratched",
            sandbox,
            ts),
        403,
        "not authorized for this capability");
    expect(agent.raw("POST", "/fort/systemd", "{}", Map.of()), 401, "missing auth headers");
    expect(
        agent.signed("GET", "/journal/sshd", "", "ratched", sandbox, ts),
        404,
        "service not on this host");
  }

  @Test
  void badRequestBodies() throws Exception {
    long ts = TestAgent.now();
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", "not json", "forge", forge, ts),
        400,
        "invalid request body: not JSON");
    expect(
        agent.signed(
            "POST",
            "/credentials/oidc/wiki",
            "{\"files\":{\"../../x\":\"y\"}}",
            "forge",
            forge,
            ts),
        400,
        "invalid request body: invalid file name");
    expect(
        agent.signed(
            "POST",
            "/credentials/oidc/wiki",
            "{\"files\":{\".hidden\":\"y\"}}",
            "forge",
            forge,
            ts),
        400,
        "invalid request body: invalid file name");
    expect(
        agent.signed(
            "POST",
            "/credentials/oidc/wiki",
            "{\"files\":{\"a\":\"y\",\"b/c\":\"z\"}}",
            "forge",
            forge,
            ts),
        400,
        "invalid request body: invalid file name");
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", "{\"files\":{\"a\":1}}", "forge", forge, ts),
        400,
        "invalid request body: file contents must be strings");
    expect(
        agent.signed(
            "POST",
            "/credentials/oidc/wiki",
            "{\"encoding\":\"base64\",\"files\":{\"a\":\"%%\"}}",
            "forge",
            forge,
            ts),
        400,
        "invalid request body: invalid base64");
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", "{\"files\":{}}", "forge", forge, ts),
        400,
        "invalid request body: files must be a non-empty object");
    expect(
        agent.signed("POST", "/signal/wiki", "{\"action\":\"stop\"}", "forge", forge, ts),
        400,
        "invalid action: use restart or reload");
  }

  // --- traversal
  // ------------------------------------------------------------------------------------

  @Test
  void traversalInThePath() throws Exception {
    for (String target :
        List.of(
            "/credentials/oidc/..",
            "/credentials/oidc/%2e%2e",
            "/credentials/oidc/%2E%2E",
            "/credentials/oidc/..%2F..%2Foutside",
            "/credentials/../oidc/wiki",
            "/credentials/oidc/wiki/../../x",
            "/credentials/%2e%2e/wiki",
            "/credentials/oidc/.",
            "/credentials/oidc/wiki%00",
            "/credentials/oidc/%C0%AE%C0%AE",
            "/credentials/oidc/wiki/",
            "/signal/..%2f..%2fetc",
            "/journal/%2e%2e")) {
      String head =
          "POST "
              + target
              + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + WRITE.length()
              + "\r\n"
              + headerLines("forge", forge, "POST", target, WRITE)
              + "\r\n";
      RawHttp.Response r =
          RawHttp.send(agent.server.port(), head, WRITE.getBytes(StandardCharsets.UTF_8));
      assertThat(r.status()).as(target).isIn(404, 405);
      assertThat(r.body())
          .as(target)
          .isIn("{\"error\":\"invalid path\"}", "{\"error\":\"method not allowed\"}");
    }
    // a target that is not even a URI is refused by the JDK's HTTP layer itself (400), before any
    // handler
    for (String target : List.of("/credentials/oidc/%zz", "/file?path=" + agent.fileRoot + "%zz")) {
      String head =
          "POST "
              + target
              + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
              + WRITE.length()
              + "\r\n"
              + headerLines("forge", forge, "POST", target, WRITE)
              + "\r\n";
      assertThat(
              RawHttp.send(agent.server.port(), head, WRITE.getBytes(StandardCharsets.UTF_8))
                  .status())
          .as(target)
          .isEqualTo(400);
    }
  }

  @Test
  void symlinkedCredentialDirectoryIsRefused() throws Exception {
    expect(
        agent.signed("POST", "/credentials/oidc/git", WRITE, "forge", forge, TestAgent.now()),
        409,
        "credential directory is not a plain directory");
    expect(
        agent.signed("DELETE", "/credentials/oidc/git", "", "forge", forge, TestAgent.now()),
        409,
        "credential directory is not a plain directory");
  }

  @Test
  void fileReadTraversalSymlinksAndSizeCap() throws Exception {
    String root = agent.fileRoot.toString();
    Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
    cases.put(enc(root + "/../secret-next-to-root"), new Object[] {403, "path not allowed"});
    cases.put(enc(root + "/./big.log"), new Object[] {403, "path not allowed"});
    cases.put(root + "%2F..%2Fsecret-next-to-root", new Object[] {403, "path not allowed"});
    cases.put(root + "/%2e%2e/outside/secret", new Object[] {403, "path not allowed"});
    cases.put(
        enc(root + "-evil/x"), new Object[] {403, "path not allowed"}); // prefix is not containment
    cases.put(enc("readable/big.log"), new Object[] {403, "path not allowed"}); // relative
    cases.put(enc("/etc/passwd"), new Object[] {403, "path not allowed"});
    cases.put(enc(root + "/escape"), new Object[] {403, "path not allowed"});
    cases.put(enc(root + "/escape-dir/secret"), new Object[] {403, "path not allowed"});
    cases.put(enc(root + "/big.log"), new Object[] {413, "file too large"});
    cases.put(enc(root + "/nope"), new Object[] {404, "file not found"});
    cases.put(enc(root), new Object[] {400, "not a regular file"});
    cases.put("", new Object[] {400, "missing path"});
    cases.put(
        enc(root + "/a") + "&path=" + enc(root + "/b"),
        new Object[] {400, "invalid query: repeated parameter path"});
    cases.put(root + "%00", new Object[] {400, "invalid query"});
    for (Map.Entry<String, Object[]> c : cases.entrySet()) {
      String target = "/file?path=" + c.getKey();
      HttpResponse<String> r = agent.signed("GET", target, "", "ratched", sandbox, TestAgent.now());
      assertThat(r.statusCode()).as(target).isEqualTo(c.getValue()[0]);
      assertThat(r.body()).as(target).isEqualTo("{\"error\":\"" + c.getValue()[1] + "\"}");
      assertThat(r.body()).doesNotContain("secret");
    }
  }

  // --- limits
  // ---------------------------------------------------------------------------------------

  @Test
  void oversizedBodies() throws Exception {
    String huge = "{\"files\":{\"a\":\"" + "x".repeat(5000) + "\"}}";
    expect(
        agent.signed("POST", "/credentials/oidc/wiki", huge, "forge", forge, TestAgent.now()),
        413,
        "request body too large");
    // chunked, so no Content-Length to check up front: cut off while reading
    String chunk = Integer.toHexString(huge.length()) + "\r\n" + huge + "\r\n0\r\n\r\n";
    String head =
        "POST /credentials/oidc/wiki HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            + headerLines("forge", forge, "POST", "/credentials/oidc/wiki", huge)
            + "\r\n";
    RawHttp.Response r =
        RawHttp.send(agent.server.port(), head, chunk.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"error\":\"request body too large\"}");
    // a declared length over the cap is refused before authentication and before reading
    RawHttp.Response early =
        RawHttp.send(
            agent.server.port(),
            "POST /credentials/oidc/wiki HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n",
            new byte[0]);
    assertThat(early.status()).isEqualTo(413);
  }

  @Test
  void slowBodyTimesOut() throws Exception {
    String head =
        "POST /credentials/oidc/wiki HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + WRITE.length()
            + "\r\n"
            + headerLines("forge", forge, "POST", "/credentials/oidc/wiki", WRITE)
            + "\r\n";
    long start = System.nanoTime();
    RawHttp.Response r =
        RawHttp.send(agent.server.port(), head, WRITE.getBytes(StandardCharsets.UTF_8), 5, 5000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.status()).isEqualTo(408);
    assertThat(r.body()).isEqualTo("{\"error\":\"request body timeout\"}");
    assertThat(millis).isBetween(900L, 4000L);
    // the agent still serves others afterwards
    assertThat(
            agent
                .signed("POST", "/fort/status", "{}", "ratched", sandbox, TestAgent.now())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void unknownRoutesAndMethods() throws Exception {
    expect(agent.raw("GET", "/etc/passwd", "", Map.of()), 404, "invalid path");
    expect(agent.raw("GET", "/", "", Map.of()), 404, "invalid path");
    expect(agent.raw("PUT", "/manifest", "", Map.of()), 405, "method not allowed");
    expect(agent.raw("GET", "/fort/status", "", Map.of()), 405, "method not allowed");
    expect(agent.raw("POST", "/fort/", "", Map.of()), 404, "invalid capability");
    Map<String, String> h =
        new HashMap<>(
            TestAgent.signedHeaders(
                "ratched", sandbox, "POST", "/fort/status", "{}", TestAgent.now()));
    String head =
        "POST /fort/status HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
            + "X-Fort-Origin: ratched\r\nX-Fort-Origin: forge\r\nX-Fort-Timestamp: "
            + h.get(FortProtocol.HEADER_TIMESTAMP)
            + "\r\nX-Fort-Signature: "
            + h.get(FortProtocol.HEADER_SIGNATURE)
            + "\r\n\r\n";
    RawHttp.Response r =
        RawHttp.send(agent.server.port(), head, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"error\":\"duplicate auth headers\"}");
  }

  // --- helpers
  // --------------------------------------------------------------------------------------

  private void expect(HttpResponse<String> r, int status, String error) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo("{\"error\":\"" + error + "\"}");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  private static String headerLines(
      String origin, OpenSshPrivateKey key, String method, String target, String body) {
    StringBuilder sb = new StringBuilder();
    TestAgent.signedHeaders(origin, key, method, target, body, TestAgent.now())
        .forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    return sb.toString();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
