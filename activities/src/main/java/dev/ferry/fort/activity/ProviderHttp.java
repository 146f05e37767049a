package dev.ferry.fort.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** JSON over HTTP for the provider APIs; errors become classified activity failures. */
final class ProviderHttp {

  static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .callTimeout(Duration.ofSeconds(30))
          .build();
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private ProviderHttp() {}

  static RequestBody json(Object body) {
    try {
      return RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends and parses the answer; a 404 gives null when {@code notFoundIsNull}. */
  static JsonNode call(String system, Request request, boolean notFoundIsNull) {
    try (Response response = CLIENT.newCall(request).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (response.code() == 404 && notFoundIsNull) {
        return null;
      }
      if (!response.isSuccessful()) {
        throw RemoteFailures.http(system, response.code(), text, response.header("Retry-After"));
      }
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw RemoteFailures.unreachable(system, e);
    }
  }
}
