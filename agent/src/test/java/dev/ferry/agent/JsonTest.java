package dev.ferry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void aHostileStringInAnErrorStaysOneJsonStringOnOneLine() throws IOException {
    String hostile = "a\"b\\c\nd\re\tf\u0001g\u001fh}{\"error\":\"x";

    String error = Json.error(hostile);

    assertThat(error).doesNotContain("\n", "\r", "\t", "\u0001", "\u001f");
    assertThat(Json.parse(error.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Map.of("error", hostile));
  }

  @Test
  void contentAfterTheValueIsRefused() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
