package dev.ferry.testing;

import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A workflow history as one searchable text: its JSON plus every payload anywhere in it (inputs,
 * results, failures, heartbeats, memos), decoded with the codec. Tests search it for what must, or
 * must never, be in a history.
 */
public final class HistoryPayloads {

  private HistoryPayloads() {}

  public static String decodedText(WorkflowExecutionHistory history, PayloadCodec codec) {
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

  // Map fields reach us as lists of entry messages, so messages and lists cover every field.
  private static void collect(Object value, List<Payload> out) {
    if (value instanceof Payload payload) {
      out.add(payload);
    } else if (value instanceof Message message) {
      message.getAllFields().values().forEach(v -> collect(v, out));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, out));
    }
  }
}
