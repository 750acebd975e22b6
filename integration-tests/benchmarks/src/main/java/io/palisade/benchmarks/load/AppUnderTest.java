package io.palisade.benchmarks.load;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * One demo application JVM, started without the agent or with it under a given policy, and watched
 * through its own platform MXBeans (JMX over the attach API's local connector): CPU time, bytes
 * allocated by its threads, heap after a full GC. Nothing is added to the application's command line
 * but the agent flag, so the runs differ only by the agent.
 */
final class AppUnderTest implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Duration startup;
  private final Duration startupCpu;
  private final Duration firstResponse;
  private final JMXConnector jmx;
  private final MBeanServerConnection connection;

  private AppUnderTest(Process process, int port, Duration startup, Duration startupCpu, Duration firstResponse)
      throws IOException {
    this.process = process;
    this.port = port;
    this.startup = startup;
    this.startupCpu = startupCpu;
    this.firstResponse = firstResponse;
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      this.jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
      this.connection = jmx.getMBeanServerConnection();
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("cannot attach to the application JVM " + process.pid() + ": " + e, e);
    }
  }

  /**
   * Starts {@code appJar} with {@code args}; {@code agentJar} null means without the agent. Returns once
   * the application printed a line that {@code listening} matches, its group 1 being the port.
   */
  static AppUnderTest start(String java, List<String> jvmArgs, Path appJar, List<String> args, Path agentJar, Path policy,
      Pattern listening, Path workDir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xms512m");
    command.add("-Xmx512m");
    command.addAll(jvmArgs); // e.g. a flight recording to profile one run
    if (agentJar != null) {
      command.add("-javaagent:" + agentJar + "=policy=" + policy);
    }
    command.add("-jar");
    command.add(appJar.toString());
    command.addAll(args);
    Files.createDirectories(workDir);
    Path out = workDir.resolve("app.out");
    Path err = workDir.resolve("app.err");
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    long deadline = started + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(Files.readString(out));
      if (m.find()) {
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        // Read before attaching: the attach and JMX connection cost the application CPU of their own.
        Duration startupCpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
        int port = Integer.parseInt(m.group(1));
        firstResponseStatus(port);
        Duration firstResponse = Duration.ofNanos(System.nanoTime() - started);
        return new AppUnderTest(process, port, startup, startupCpu, firstResponse);
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    process.destroyForcibly();
    throw new IOException("the application did not start; see " + out + " and " + err);
  }

  /**
   * Sends {@code GET /} and reads the status line: whatever the status, the request went through the
   * container and, with the agent, through its request entry, which waits for the agent's engine. A
   * plain socket, so the first measurement does not also time the benchmark's own HTTP client loading.
   */
  private static String firstResponseStatus(int port) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.io.InputStream in = socket.getInputStream();
      StringBuilder statusLine = new StringBuilder();
      for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
        statusLine.append((char) b);
      }
      if (!statusLine.toString().startsWith("HTTP/")) {
        throw new IOException("no HTTP response to the first request: '" + statusLine + "'");
      }
      return statusLine.toString().trim();
    }
  }

  int port() {
    return port;
  }

  /**
   * From process start to the answer to the first request, sent as soon as the "listening" line
   * appeared: when the service can serve, which is what a deployment waits for. Work an agent defers
   * past the listening line still counts here.
   */
  Duration firstResponse() {
    return firstResponse;
  }

  /** From process start to the application's "listening" line. */
  Duration startup() {
    return startup;
  }

  /**
   * CPU time of every thread of the process up to the "listening" line: less at the mercy of other
   * load on the machine than the wall-clock time, and the measure of the work the agent adds.
   */
  long pid() {
    return process.pid();
  }

  Duration startupCpu() {
    return startupCpu;
  }

  /** CPU time of the whole process so far, in nanoseconds. */
  long processCpuNanos() throws IOException {
    try {
      return ((Number) connection.getAttribute(
          new javax.management.ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime"))
          .longValue();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Bytes allocated so far by the threads alive now (request threads live in the container's pool). */
  long allocatedBytes() throws IOException {
    com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
        connection, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (bytes > 0) {
        total += bytes;
      }
    }
    return total;
  }

  /** Heap in use after a full collection, in bytes. */
  long heapAfterGc() throws IOException {
    MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
        connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    memory.gc();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      jmx.close();
    } catch (IOException ignored) {
      // the process goes away next anyway
    }
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
