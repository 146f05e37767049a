package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Ferry API as the CLI sees it: JSON in, JSON out, problem+json turned into one readable line.
 */
public class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String token;

  public ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
  }

  /**
   * Reads FERRY_URL (default http://127.0.0.1:8080) and FERRY_TOKEN, falling back to `ferry
   * login`'s file.
   */
  public static ApiClient fromEnvironment() {
    String url = System.getenv().getOrDefault("FERRY_URL", CliConfig.load().url());
    String token = System.getenv("FERRY_TOKEN");
    if (token == null || token.isBlank()) {
      token = CliConfig.load().token();
    }
    if (token == null || token.isBlank()) {
      throw new CliException(
          ExitCodes.BAD_INPUT_OR_AUTH,
          "no API token: set FERRY_TOKEN or run `ferry login` (the first admin token is in .ferry/admin-token)");
    }
    return new ApiClient(url == null ? "http://127.0.0.1:8080" : url, token.trim());
  }

  public String baseUrl() {
    return baseUrl;
  }

  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public JsonNode post(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  public JsonNode put(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  public JsonNode patch(String path, Object body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(write(body))));
  }

  public JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private URI uri(String path) {
    try {
      return URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.BAD_INPUT_OR_AUTH, "invalid API URL: " + baseUrl + path);
    }
  }

  /** A non-JSON resource (e.g. a CSV export) as text; errors are handled like every other call. */
  public String getText(String path) {
    return exchange(HttpRequest.newBuilder(uri(path)).GET(), "text/*, application/json").body();
  }

  private JsonNode send(HttpRequest.Builder builder) {
    return parse(exchange(builder, "application/json").body());
  }

  private HttpResponse<String> exchange(HttpRequest.Builder builder, String accept) {
    HttpRequest request =
        builder
            .header("Authorization", "Bearer " + token)
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new CliException(
          ExitCodes.TIMED_OUT, "the Ferry API at " + baseUrl + " did not answer in time");
    } catch (ConnectException e) {
      throw new CliException(
          ExitCodes.FAILED,
          "cannot reach the Ferry API at " + baseUrl + " (is it running? `make run`)");
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED, "talking to " + baseUrl + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    String message = problemText(status, parse(response.body()));
    if (status == 400
        || status == 401
        || status == 403
        || status == 404
        || status == 409
        || status == 422) {
      throw new CliException(ExitCodes.BAD_INPUT_OR_AUTH, message);
    }
    if (status == 504) {
      throw new CliException(ExitCodes.TIMED_OUT, message);
    }
    throw new CliException(ExitCodes.FAILED, message);
  }

  /** "401 Unauthorized: Unknown or revoked token (field: reason; ...)". */
  static String problemText(int status, JsonNode problem) {
    StringBuilder text = new StringBuilder().append(status);
    if (problem.hasNonNull("title")) {
      text.append(' ').append(problem.get("title").asText());
    }
    if (problem.hasNonNull("detail")) {
      text.append(": ").append(problem.get("detail").asText());
    }
    if (problem.has("errors")
        && problem.get("errors").isArray()
        && !problem.get("errors").isEmpty()) {
      text.append(" (");
      boolean first = true;
      for (JsonNode error : problem.get("errors")) {
        text.append(first ? "" : "; ")
            .append(error.path("field").asText())
            .append(": ")
            .append(error.path("message").asText());
        first = false;
      }
      text.append(')');
    }
    return text.toString();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode()
          .put("detail", body.length() > 200 ? body.substring(0, 200) : body);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
