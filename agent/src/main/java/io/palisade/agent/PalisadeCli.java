package io.palisade.agent;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code java -jar palisade-agent.jar <command>}: the operator's tools. The commands live in the
 * engine's class loader, like everything else the agent uses.
 */
public final class PalisadeCli {
  private static final String CLI_CLASS = "io.palisade.engine.cli.Cli";

  private PalisadeCli() {}

  public static void main(String[] args) throws Exception {
    File agentJar = PalisadeAgent.agentJarFile();
    // What `attach` loads into the target JVM.
    System.setProperty("palisade.agent.jar", agentJar.getAbsolutePath());
    ClassLoader engineLoader = new EngineClassLoader(agentJar, ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(engineLoader);
    Method run = Class.forName(CLI_CLASS, true, engineLoader).getMethod("run", String[].class);
    int exitCode;
    try {
      exitCode = (Integer) run.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      System.err.println("palisade: " + e.getCause());
      exitCode = 2;
    }
    System.exit(exitCode);
  }
}
