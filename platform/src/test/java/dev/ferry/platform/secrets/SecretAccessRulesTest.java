package dev.ferry.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.forward.store.ForwardProfileRepository;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Repository;

/** Repositories store secret references only: sealing and opening belong to the services. */
class SecretAccessRulesTest {

  private static final Set<Class<?>> SECRET_HANDLING =
      Set.of(SecretStore.class, SecretCipher.class, SecretKeyring.class);

  @Test
  void noRepositoryHoldsTheSecretStoreOrACipher() throws ClassNotFoundException {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Repository.class));
    List<Class<?>> repositories = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("dev.ferry")) {
      repositories.add(Class.forName(candidate.getBeanClassName()));
    }
    assertThat(repositories).contains(ForwardProfileRepository.class);

    for (Class<?> repository : repositories) {
      Stream<Class<?>> dependencies =
          Stream.concat(
              Stream.of(repository.getDeclaredFields()).map(Field::getType),
              Stream.of(repository.getDeclaredConstructors())
                  .flatMap(c -> Stream.of(c.getParameterTypes())));
      assertThat(dependencies.filter(SECRET_HANDLING::contains)).as(repository.getName()).isEmpty();
    }
  }
}
