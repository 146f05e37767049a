package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.fort.FortClusterController;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretStore;
import dev.ferry.testing.InjectedTypes;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/** Controllers never seal or open a secret: the platform's services do. */
class ControllerSecretsTest {

  @Test
  void noControllerHoldsTheSecretStoreOrACipher() {
    Map<Class<?>, Set<Class<?>>> controllers =
        InjectedTypes.of(RestController.class, "dev.ferry.api");
    assertThat(controllers).containsKey(FortClusterController.class);
    controllers.forEach(
        (controller, dependencies) ->
            assertThat(dependencies)
                .as(controller.getName())
                .doesNotContain(SecretStore.class, SecretCipher.class));
  }
}
