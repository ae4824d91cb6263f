package io.prolly.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The promise a TCK rule checks, in the words of the SPI's Javadoc, and the kind of bug that
 * breaks it. A failing rule quotes both, so a backend author can fix their store from the
 * message alone; docs/backend-guide.md lists every rule with them.
 *
 * <p>Public only because the repository suite lives in its own package; backend tests never use it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Contract {

  /**
   * The contract sentence the rule checks.
   *
   * @return a sentence of the SPI's (or the repository API's) Javadoc, or its gist
   */
  String value();

  /**
   * A bug that makes the rule fail, as a backend author would write it.
   *
   * @return such as "the compare-and-set compares the new value instead of the expected one"
   */
  String catches() default "";
}
