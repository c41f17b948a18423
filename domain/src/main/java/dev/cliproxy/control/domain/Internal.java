package dev.cliproxy.control.domain;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a package (in its {@code package-info.java}) whose public types serve the library's own modules, not
 * embedders: they may change in any release. Embedders use the facade ({@code dev.cliproxy.control}), the domain's
 * model, errors and ports, and the testkit.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface Internal {
}
