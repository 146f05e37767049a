package dev.ferry.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.FerryApiApplication;
import dev.ferry.testing.DevServerNamespace;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestKeys;
import dev.ferry.workflow.FerrySearchAttributes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every operation of the API's own OpenAPI document, sent malformed bodies, parameters and path
 * segments as an admin and as a plain user: the answer is never a 5xx, and every 4xx is
 * problem+json. Each try breaks one thing and sends it to every operation it applies to, so every
 * operation is covered in every try, and jqwik shrinks a failure to the smallest input.
 */
class MalformedInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UI_CODEC_KEY = "ui-key-0123456789abcdef";

  private static ConfigurableApplicationContext app;
  private static int port;
  private static Map<String, String> tokens;
  private static List<ApiOperation> operations;
  private static SchemaSamples samples;

  @BeforeContainer
  static void startTheApi() throws Exception {
    DevServerNamespace temporal = new DevServerNamespace(FerrySearchAttributes.ALL);
    Path home = Files.createTempDirectory("ferry-fuzz");
    Map<String, String> properties = new HashMap<>();
    properties.put("server.port", "0");
    properties.put("spring.datasource.url", TestDatabase.newDatabaseUrl());
    properties.put("spring.temporal.connection.target", temporal.target());
    properties.put("spring.temporal.namespace", temporal.name());
    properties.put("ferry.secrets.keys", TestKeys.newKey("k1"));
    properties.put("ferry.api.bootstrap-token-file", home.resolve("admin-token").toString());
    properties.put("ferry.api.ui-codec-key", UI_CODEC_KEY);
    // a refresh that a worker would answer must not hold a try for its full wait: none runs here
    properties.put("ferry.foreman.test-wait", "1s");
    properties.put("ferry.foreman.refresh-wait", "1s");
    // as arguments: they must win over application.yml, which default properties would not
    app =
        new SpringApplicationBuilder(FerryApiApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));

    String admin = Files.readString(home.resolve("admin-token")).trim();
    send("POST", "/api/users", admin, "{\"name\":\"plain\",\"role\":\"user\"}");
    RawRequest.Answer issued = send("POST", "/api/users/plain/tokens", admin, "{\"name\":\"t\"}");
    String user = JSON.readTree(issued.body()).path("token").asText();
    tokens = Map.of("admin", admin, "user", user);

    JsonNode document = JSON.readTree(send("GET", "/v3/api-docs", null, null).body());
    operations = ApiOperation.all(document);
    samples = new SchemaSamples(document);
    assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(30);
  }

  @AfterContainer
  static void stopTheApi() {
    if (app != null) {
      app.close();
    }
  }

  @Property(tries = 150)
  void malformedBodiesAreRefusedWithProblemJson(@ForAll("bodyMutations") BodyMutation mutation)
      throws IOException {
    List<String> failures = new ArrayList<>();
    for (ApiOperation op : operations) {
      if (op.bodySchema() == null) {
        continue;
      }
      String body = mutation.apply(samples.instance("body", op.bodySchema()));
      byte[] target = op.target(null, null);
      for (Map.Entry<String, String> token : tokens.entrySet()) {
        check(failures, op, token, target, body);
      }
    }
    assertThat(failures).as(mutation.toString()).isEmpty();
  }

  @Property(tries = 60)
  void malformedParametersAndPathSegmentsAreRefusedWithProblemJson(
      @ForAll("segments") String segment) throws IOException {
    byte[] raw = segment.getBytes(StandardCharsets.UTF_8);
    List<String> failures = new ArrayList<>();
    for (ApiOperation op : operations) {
      String body =
          op.bodySchema() == null ? null : samples.instance("body", op.bodySchema()).toString();
      List<byte[]> targets = new ArrayList<>();
      for (ApiOperation.Parameter p : op.parameters()) {
        targets.add(op.target(p, raw));
      }
      targets.add(op.targetWithExtra(("zz=" + segment).getBytes(StandardCharsets.UTF_8)));
      for (byte[] target : targets) {
        for (Map.Entry<String, String> token : tokens.entrySet()) {
          check(failures, op, token, target, body);
        }
      }
    }
    assertThat(failures).as(segment).isEmpty();
  }

  @Provide
  Arbitrary<BodyMutation> bodyMutations() {
    return Combinators.combine(
            Arbitraries.of(BodyMutation.Kind.class),
            Arbitraries.integers().between(0, 1000),
            Arbitraries.of(300, 5_000, 70_000),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30))
        .as(BodyMutation::new);
  }

  /**
   * What goes into a path segment or a query value, as it appears on the wire: junk encodings,
   * overlong UTF-8, traversal, and random text percent-encoded.
   */
  @Provide
  Arbitrary<String> segments() {
    Arbitrary<String> junk =
        Arbitraries.of(
            "%zz",
            "%",
            "%4",
            "%00",
            "a%00b",
            "%C0%AF",
            "%C0%80",
            "%E0%80%AF",
            "%ED%A0%80",
            "%FF%FE",
            "..",
            "%2e%2e",
            "..%2F..%2Factuator%2Fhealth",
            "%2F",
            "%5C",
            ";",
            ";jsessionid=1",
            "%0D%0ASet-Cookie:%20x=1",
            "%1B[31m",
            "-1",
            "99999999999999999999999",
            "1e999",
            "true",
            "null",
            "%7B%7D",
            "");
    Arbitrary<String> random =
        Arbitraries.strings()
            .all()
            .ofMinLength(1)
            .ofMaxLength(40)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
    Arbitrary<String> overlong = Arbitraries.of(300, 1_100, 6_000, 10_000).map("a"::repeat);
    return Arbitraries.frequencyOf(Tuple.of(5, junk), Tuple.of(4, random), Tuple.of(1, overlong));
  }

  private static void check(
      List<String> failures,
      ApiOperation op,
      Map.Entry<String, String> token,
      byte[] target,
      String body)
      throws IOException {
    String what =
        op + " as " + token.getKey() + " -> " + new String(target, StandardCharsets.UTF_8);
    RawRequest.Answer answer;
    try {
      answer = send(op.method(), target, token.getValue(), body);
    } catch (SocketTimeoutException e) {
      failures.add(what + ": no answer within 20 s");
      return;
    }
    if (answer.status() < 400 && answer.status() > 0) {
      return;
    }
    if (answer.status() >= 500 || answer.status() < 0) {
      failures.add(what + ": " + answer.status() + " " + abbreviate(answer.body()));
    } else if (!answer.contentType().startsWith("application/problem+json")) {
      failures.add(
          what
              + ": "
              + answer.status()
              + " as '"
              + answer.contentType()
              + "' "
              + abbreviate(answer.body()));
    } else if (JSON.readTree(answer.body()).path("status").asInt() != answer.status()) {
      failures.add(what + ": problem status differs: " + abbreviate(answer.body()));
    }
  }

  private static RawRequest.Answer send(String method, String path, String token, String body)
      throws IOException {
    return send(method, path.getBytes(StandardCharsets.UTF_8), token, body);
  }

  private static RawRequest.Answer send(String method, byte[] target, String token, String body)
      throws IOException {
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", "application/json, application/problem+json, */*");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    return new RawRequest(
            method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8))
        .send(port);
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
