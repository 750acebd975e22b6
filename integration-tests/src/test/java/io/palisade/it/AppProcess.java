package io.palisade.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo jar (the bookstore unless the spec names another) running in a JVM of its own, optionally with the agent attached. Its stdout
 * and stderr go to files in its own directory under target/it-work, which also holds its policy and
 * audit log and is its working directory.
 */
final class AppProcess implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

  /** How to start one app. */
  static final class Spec {
    final String name;
    final String db;
    boolean agent;
    /** The policy file's content; null attaches the agent without a policy argument. */
    String policyJson;
    final List<String> jvmArgs = new ArrayList<>();
    final List<String> appArgs = new ArrayList<>();
    /** The fat jar to run; null runs the bookstore. */
    Path jar;
    /** Extra environment variables of the process (secrets the policy names, for instance). */
    final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    /** How long the app may take to print its listening line (a Spring Boot app needs longer). */
    Duration startTimeout = START_TIMEOUT;

    Spec(String name, String db) {
      this.name = name;
      this.db = db;
    }

    Spec agent(String policy) {
      this.agent = true;
      this.policyJson = policy;
      return this;
    }

    Spec jar(Path fatJar) {
      this.jar = fatJar;
      return this;
    }

    Spec env(String name, String value) {
      env.put(name, value);
      return this;
    }

    Spec startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    Spec jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    Spec appArg(String arg) {
      appArgs.add(arg);
      return this;
    }
  }

  final Spec spec;
  final Path dir;
  final Path stdout;
  final Path stderr;
  final Path auditLog;
  final Process process;
  private int port = -1;

  private AppProcess(Spec spec, Path dir, Process process) {
    this.spec = spec;
    this.dir = dir;
    this.stdout = dir.resolve("stdout.log");
    this.stderr = dir.resolve("stderr.log");
    this.auditLog = dir.resolve("palisade-audit.jsonl");
    this.process = process;
  }

  /**
   * A policy with the given mode whose audit log is this app's {@code palisade-audit.jsonl}. Repeats are
   * not aggregated: the tests count events one by one (the sentinel of {@link Audit} repeats quickly).
   */
  static String policy(String name, String mode, Path dir) {
    return policy(name, mode, dir, null);
  }

  /** As above, with a {@code detectors} object (JSON text, e.g. {@code {"xss":{"mode":"sanitize"}}}) or null. */
  static String policy(String name, String mode, Path dir, String detectors) {
    return "{\"version\":1,\"name\":\"" + name + "\",\"mode\":\"" + mode + "\","
        + (detectors == null ? "" : "\"detectors\":" + detectors + ",")
        + "\"audit\":{\"path\":\""
        + dir.resolve("palisade-audit.jsonl").toString().replace("\\", "\\\\") + "\",\"aggregate_repeats\":false}}";
  }

  static Path dirFor(String name) {
    return ItEnv.workDir().resolve(name);
  }

  /** Starts the process; returns once it is launched, without waiting for the listening line. */
  static AppProcess launch(Spec spec) throws IOException {
    Path dir = dirFor(spec.name);
    deleteRecursively(dir);
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>();
    command.add(ItEnv.java());
    if (spec.agent) {
      String agentArg = "-javaagent:" + ItEnv.agentJar();
      if (spec.policyJson != null) {
        Path policyFile = dir.resolve("policy.json");
        Files.writeString(policyFile, spec.policyJson, StandardCharsets.UTF_8);
        agentArg += "=policy=" + policyFile;
      }
      command.add(agentArg);
    }
    command.addAll(spec.jvmArgs);
    command.add("-jar");
    command.add((spec.jar != null ? spec.jar : ItEnv.demoJar()).toString());
    command.add("--port=0");
    command.add("--threads=20");
    command.addAll(Databases.appArgs(spec.db));
    command.addAll(spec.appArgs);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .redirectError(dir.resolve("stderr.log").toFile());
    builder.environment().remove("PALISADE_POLICY");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().putAll(spec.env);
    Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");
    return new AppProcess(spec, dir, builder.start());
  }

  /** Starts the process and waits for it to listen. */
  static AppProcess start(Spec spec) throws IOException {
    AppProcess app = launch(spec);
    try {
      app.awaitListening();
    } catch (AssertionError | RuntimeException e) {
      app.close();
      throw e;
    }
    return app;
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + spec.startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(read(stdout));
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("app " + spec.name + " exited with " + process.exitValue()
            + " before listening\n" + outputs());
      }
      Polling.pause();
    }
    throw new AssertionError("app " + spec.name + " did not print 'listening on port' within "
        + spec.startTimeout.toSeconds() + " s\n" + outputs());
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  String stdoutText() {
    return read(stdout);
  }

  String stderrText() {
    return read(stderr);
  }

  String outputs() {
    return "---- command: " + read(dir.resolve("command.txt"))
        + "---- stdout (" + stdout + "):\n" + read(stdout)
        + "\n---- stderr (" + stderr + "):\n" + read(stderr) + "\n----";
  }

  /** Waits for the process to exit by itself; returns its exit code, or fails after the timeout. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("app " + spec.name + " still runs after " + timeout.toSeconds() + " s\n" + outputs());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
