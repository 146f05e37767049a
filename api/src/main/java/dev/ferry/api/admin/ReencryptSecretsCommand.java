package dev.ferry.api.admin;

import dev.ferry.api.FerryApiApplication;
import dev.ferry.platform.secrets.SecretStore;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Key rotation, step two: after a new key is put first in FERRY_SECRET_KEYS, re-seal every stored
 * secret under it. Afterwards the old key can be removed. Run with {@code make reencrypt-secrets}.
 */
public final class ReencryptSecretsCommand {

  public static void main(String[] args) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(FerryApiApplication.class)
            .web(WebApplicationType.NONE)
            .profiles("command")
            .properties("spring.temporal.start-workers=false")
            .run(args)) {
      SecretStore store = context.getBean(SecretStore.class);
      int rewritten = store.reencryptAll();
      System.out.println("Re-encrypted " + rewritten + " secret(s) under the newest key.");
      store
          .usage()
          .forEach(
              u -> System.out.println("  key " + u.keyId() + ": " + u.secrets() + " secret(s)"));
    }
  }

  private ReencryptSecretsCommand() {}
}
