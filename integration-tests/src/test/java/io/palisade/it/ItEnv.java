package io.palisade.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the jars, the JVM and the work directory are, as failsafe passes them. */
final class ItEnv {
  private ItEnv() {}

  static Path agentJar() {
    return existingFile("palisade.agent.jar", "the agent jar (build it with: mvn -q -DskipTests package)");
  }

  static Path demoJar() {
    return existingFile("palisade.demo.jar", "the bookstore fat jar (mvn -q -pl demo-apps/jakarta-bookstore package)");
  }

  static String java() {
    String java = System.getProperty("palisade.it.java");
    if (java == null || java.isBlank()) {
      java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
    if (!Files.isExecutable(Paths.get(java))) {
      throw new AssertionError("palisade.it.java is not an executable: " + java);
    }
    return java;
  }

  static Path workDir() {
    String dir = System.getProperty("palisade.it.work");
    Path path = dir != null ? Paths.get(dir) : Paths.get("target", "it-work");
    try {
      Files.createDirectories(path);
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot create " + path, e);
    }
    return path.toAbsolutePath();
  }

  private static Path existingFile(String property, String what) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new AssertionError("system property " + property + " is not set: run the tests through failsafe (mvn verify)");
    }
    Path path = Paths.get(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new AssertionError(what + " does not exist at " + path);
    }
    return path;
  }
}
