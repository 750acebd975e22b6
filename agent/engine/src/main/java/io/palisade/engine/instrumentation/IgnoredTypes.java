package io.palisade.engine.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Packages that never hold a hook target: the JDK (its hooked classes have a builder of their own),
 * the agent itself, logging and other languages' runtimes. One list serves Byte Buddy's ignore matcher
 * and the class-file gate, which dismisses these classes by name before reading a byte of them.
 */
final class IgnoredTypes {
  private static final String[] PACKAGES = {
    "io.palisade.",
    "net.bytebuddy.",
    "java.",
    "javax.management.",
    "jdk.",
    "sun.",
    "com.sun.",
    "org.slf4j.",
    "ch.qos.logback.",
    "org.apache.logging.log4j.",
    "kotlin.",
    "scala.",
    "groovy.",
  };
  private static final String[] INTERNAL_PACKAGES = new String[PACKAGES.length];

  static {
    for (int i = 0; i < PACKAGES.length; i++) {
      INTERNAL_PACKAGES[i] = PACKAGES[i].replace('.', '/');
    }
  }

  private IgnoredTypes() {}

  static ElementMatcher.Junction<TypeDescription> matcher() {
    // Names first: they need no parsing; isSynthetic() reads the class's modifiers.
    ElementMatcher.Junction<TypeDescription> matcher = nameStartsWith(PACKAGES[0]);
    for (int i = 1; i < PACKAGES.length; i++) {
      matcher = matcher.or(nameStartsWith(PACKAGES[i]));
    }
    return matcher.or(isSynthetic());
  }

  /** @param internalName a class name as a transformer gets it, with slashes; null is never ignored */
  static boolean isIgnored(String internalName) {
    if (internalName == null) {
      return false;
    }
    for (String prefix : INTERNAL_PACKAGES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
