package dev.ferry.worker.fort;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import dev.ferry.platform.codec.EncryptionCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every payload of a workflow history, decrypted with the codec, as one string to search for
 * secrets.
 */
final class HistoryText {

  private HistoryText() {}

  static String of(WorkflowExecutionHistory history, EncryptionCodec codec) {
    List<Payload> payloads = new ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      collect(event, payloads);
    }
    StringBuilder text = new StringBuilder();
    for (Payload p : codec.decode(payloads)) {
      text.append(p.getData().toString(StandardCharsets.UTF_8)).append('\n');
    }
    return text.toString();
  }

  private static void collect(Message message, List<Payload> out) {
    if (message instanceof Payload p) {
      out.add(p);
      return;
    }
    for (Map.Entry<Descriptors.FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      Object value = field.getValue();
      if (value instanceof Message m) {
        collect(m, out);
      } else if (value instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Message m) {
            collect(m, out);
          }
        }
      }
    }
  }
}
