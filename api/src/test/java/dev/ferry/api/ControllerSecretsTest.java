package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.fort.FortClusterController;
import dev.ferry.platform.secrets.SecretCipher;
import dev.ferry.platform.secrets.SecretStore;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RestController;

/** Controllers never seal or open a secret: the platform's services do. */
class ControllerSecretsTest {

  private static final Set<Class<?>> SECRET_HANDLING =
      Set.of(SecretStore.class, SecretCipher.class);

  @Test
  void noControllerHoldsTheSecretStoreOrACipher() throws ClassNotFoundException {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
    List<Class<?>> controllers = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("dev.ferry.api")) {
      controllers.add(Class.forName(candidate.getBeanClassName()));
    }
    assertThat(controllers).contains(FortClusterController.class);

    for (Class<?> controller : controllers) {
      Stream<Class<?>> dependencies =
          Stream.concat(
              Stream.of(controller.getDeclaredFields()).map(Field::getType),
              Stream.of(controller.getDeclaredConstructors())
                  .flatMap(c -> Stream.of(c.getParameterTypes())));
      assertThat(dependencies.filter(SECRET_HANDLING::contains)).as(controller.getName()).isEmpty();
    }
  }
}
