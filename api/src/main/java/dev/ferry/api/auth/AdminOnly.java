package dev.ferry.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation (or every operation of the controller) needs the admin role. {@link
 * AuthorisationInterceptor} checks it before Spring reads or validates the request body, so a plain
 * user gets 403 and learns nothing about the body's rules.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdminOnly {}
