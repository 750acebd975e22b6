package io.palisade.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Properties;

/** Who is talking in an audit event: the service, its host and process, and the agent's version. */
public final class ServiceInfo {
  private final String name;
  private final String host;
  private final long pid;
  private final String agentVersion;

  ServiceInfo(String name, String host, long pid, String agentVersion) {
    this.name = name;
    this.host = host;
    this.pid = pid;
    this.agentVersion = agentVersion;
  }

  /** Service name: {@code -Dpalisade.service.name}, {@code PALISADE_SERVICE_NAME}, else the launched jar or main class. */
  public static ServiceInfo detect() {
    String name = System.getProperty("palisade.service.name");
    if (isBlank(name)) {
      name = System.getenv("PALISADE_SERVICE_NAME");
    }
    if (isBlank(name)) {
      name = fromCommand(System.getProperty("sun.java.command", ""));
    }
    return new ServiceInfo(name, hostName(), ProcessHandle.current().pid(), agentVersionFromResource());
  }

  static String fromCommand(String command) {
    String first = command.trim().split("\\s+")[0];
    if (first.isEmpty()) {
      return "unknown";
    }
    int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
    String base = first.substring(slash + 1);
    if (base.endsWith(".jar")) {
      return base.substring(0, base.length() - 4);
    }
    int dot = base.lastIndexOf('.');
    return dot >= 0 ? base.substring(dot + 1) : base;
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (!isBlank(fromEnv)) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String agentVersionFromResource() {
    try (InputStream in = ServiceInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.trim().isEmpty();
  }

  public String name() {
    return name;
  }

  public String host() {
    return host;
  }

  public long pid() {
    return pid;
  }

  public String agentVersion() {
    return agentVersion;
  }
}
