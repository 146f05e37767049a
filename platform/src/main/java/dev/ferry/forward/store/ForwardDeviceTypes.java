package dev.ferry.forward.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The classic-device types Forward accepts: the {@code ClassicDeviceType} enum of the 26.6 OpenAPI
 * ({@code classic-device-types.txt}, one per line). A type outside it makes Forward refuse the
 * whole putBatch, so an override is checked against it before it is stored.
 */
public final class ForwardDeviceTypes {

  private static final Set<String> TYPES = load();

  private ForwardDeviceTypes() {}

  public static boolean isKnown(String type) {
    return TYPES.contains(type);
  }

  private static Set<String> load() {
    Set<String> types = new LinkedHashSet<>();
    try (InputStream in = ForwardDeviceTypes.class.getResourceAsStream("classic-device-types.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          types.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(types);
  }
}
