package dev.ferry.api.foreman;

import com.google.protobuf.Message;
import dev.ferry.platform.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every payload anywhere in a workflow history (inputs, results, failures, heartbeats), decrypted
 * to text.
 */
final class HistoryPayloads {

  private HistoryPayloads() {}

  static String decodedText(WorkflowExecutionHistory history, EncryptionCodec codec) {
    List<Payload> payloads = new ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      collect(event, payloads);
    }
    StringBuilder text = new StringBuilder(history.toJson(false));
    for (Payload payload : codec.decode(payloads)) {
      text.append('\n').append(payload.getData().toString(StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  private static void collect(Object value, List<Payload> out) {
    if (value instanceof Payload payload) {
      out.add(payload);
    } else if (value instanceof Message message) {
      message.getAllFields().values().forEach(v -> collect(v, out));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, out));
    } else if (value instanceof java.util.Map<?, ?> map) {
      map.values().forEach(v -> collect(v, out));
    }
  }
}
