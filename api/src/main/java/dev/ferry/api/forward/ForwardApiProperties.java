package dev.ferry.api.forward;

import dev.ferry.forward.store.DefaultDeviceLogins;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ferry.forward.*} as the API reads it: {@code default-logins.<kind>.username/password} over
 * the built-in catalogue of lab images' factory logins.
 */
@ConfigurationProperties("ferry.forward")
public record ForwardApiProperties(Map<String, DefaultDeviceLogins.Login> defaultLogins) {

  public DefaultDeviceLogins logins() {
    Map<String, DefaultDeviceLogins.Login> overrides = new HashMap<>();
    if (defaultLogins != null) {
      defaultLogins.forEach(
          (kind, login) -> {
            if (login.username() == null || login.username().isBlank()) {
              throw new IllegalStateException(
                  "ferry.forward.default-logins." + kind + ".username is required");
            }
            overrides.put(kind, login);
          });
    }
    return new DefaultDeviceLogins(overrides);
  }
}
