package dev.ferry.fort.activity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.fort.store.FortCluster;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one place that decides which names the cluster CA signs. */
class ClusterCaIssuerTest {

  private static final FortCluster CLUSTER =
      new FortCluster(
          "c",
          "example.test",
          null,
          null,
          null,
          null,
          null,
          "",
          null,
          null,
          80,
          443,
          "/p",
          null,
          "",
          60,
          3600,
          86400,
          90,
          24,
          null);

  @ParameterizedTest
  @ValueSource(strings = {"wiki.example.test", "a.b.example.test"})
  void namesInsideTheDomainAreSigned(String name) {
    assertThatCode(() -> ClusterCaIssuer.checkNames(CLUSTER, List.of(name)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.test",
        "bank.test",
        "wiki.example.test.evil.test",
        "evilexample.test",
        "*.example.test",
        "*",
        "a;b.example.test",
        "WIKI.example.test"
      })
  void anythingElseIsRefusedWithoutIssuing(String name) {
    assertThatThrownBy(
            () -> ClusterCaIssuer.checkNames(CLUSTER, List.of("wiki.example.test", name)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("signs only names inside example.test")
        .extracting(e -> ((ApplicationFailure) e).getType())
        .isEqualTo("NameRefused");
  }
}
