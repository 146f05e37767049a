package dev.ferry.api.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapTokenFile where the first admin token is written on a fresh install
 * @param uiOrigins origins of the Temporal Web UI allowed to call the codec endpoint
 * @param uiCodecKey key in the codec path the Web UI uses (it cannot send a bearer token)
 * @param tokenCacheTtl how long this process trusts a token it checked, without reading the
 *     database again (0: every request reads it). Revoking a token or disabling or deleting a user
 *     through this process takes effect at once; through another API process, within this time.
 */
@ConfigurationProperties("ferry.api")
public record FerryApiProperties(
    @DefaultValue(".ferry/admin-token") String bootstrapTokenFile,
    @DefaultValue({"http://localhost:8233", "http://127.0.0.1:8233"}) List<String> uiOrigins,
    @DefaultValue("") String uiCodecKey,
    @DefaultValue("5s") Duration tokenCacheTtl) {}
