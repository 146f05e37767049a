package dev.ferry.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.forward.store.ForwardProfileRepository;
import dev.ferry.testing.InjectedTypes;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;

/** Repositories store secret references only: sealing and opening belong to the services. */
class SecretAccessRulesTest {

  @Test
  void noRepositoryHoldsTheSecretStoreOrACipher() {
    Map<Class<?>, Set<Class<?>>> repositories = InjectedTypes.of(Repository.class, "dev.ferry");
    assertThat(repositories).containsKey(ForwardProfileRepository.class);
    repositories.forEach(
        (repository, dependencies) ->
            assertThat(dependencies)
                .as(repository.getName())
                .doesNotContain(SecretStore.class, SecretCipher.class, SecretKeyring.class));
  }
}
