package io.prolly.tck;

import java.lang.reflect.Modifier;

/**
 * Fixtures that a child JVM creates from their class name: the contracts that start child
 * processes check this up front, so a wrong fixture fails with a clear message instead of a
 * child that dies on start.
 */
final class FixtureByName {

  private FixtureByName() {}

  /** Fails the test unless the fixture class is public with a public no-argument constructor. */
  static void require(Class<?> fixture, String why) {
    String problem = fixture.getName() + " must be a public class with a public no-argument constructor, because "
        + why;
    if (!Modifier.isPublic(fixture.getModifiers())) {
      throw new AssertionError(problem);
    }
    try {
      fixture.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(problem, e);
    }
  }

  /** Creates the fixture in a child JVM. */
  static BackendFixture create(String className) throws ReflectiveOperationException {
    return (BackendFixture) Class.forName(className).getConstructor().newInstance();
  }
}
