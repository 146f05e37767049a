package dev.ferry.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** What Spring components depend on, for tests of which layer may hold what. */
public final class InjectedTypes {

  private InjectedTypes() {}

  /**
   * The classes under {@code basePackage} carrying {@code annotation}, each with the types of its
   * fields and constructor parameters.
   */
  public static Map<Class<?>, Set<Class<?>>> of(
      Class<? extends Annotation> annotation, String basePackage) {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(annotation));
    Map<Class<?>, Set<Class<?>>> dependencies = new LinkedHashMap<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
      Class<?> type = load(candidate.getBeanClassName());
      dependencies.put(
          type,
          Stream.concat(
                  Stream.of(type.getDeclaredFields()).map(Field::getType),
                  Stream.of(type.getDeclaredConstructors())
                      .flatMap(c -> Stream.of(c.getParameterTypes())))
              .collect(Collectors.toSet()));
    }
    return dependencies;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
