package dev.ferry.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation acts on the user named by a path variable: only that user or an admin may call it.
 * Checked by {@link AuthorisationInterceptor} before the body is read, like {@link AdminOnly}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SelfOrAdmin {

  /** The path variable holding the user's name. */
  String value() default "name";
}
