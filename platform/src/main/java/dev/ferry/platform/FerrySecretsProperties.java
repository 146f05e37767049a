package dev.ferry.platform;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code ferry.secrets.keys}: AES-256 keys as {@code id:base64}, newest first. */
@ConfigurationProperties("ferry.secrets")
public record FerrySecretsProperties(List<String> keys) {}
