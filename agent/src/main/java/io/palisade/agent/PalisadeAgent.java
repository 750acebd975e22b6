package io.palisade.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It touches only JDK classes: it puts the bridge on the bootstrap
 * class path, creates the engine's own class loader and hands over. Nothing here may break the host
 * application; the only way it stops the JVM is strict mode with an invalid policy.
 */
public final class PalisadeAgent {
  private static final String ENGINE_STARTER = "io.palisade.engine.EngineStarter";
  /** Exit code used by strict mode when the policy is invalid (EX_CONFIG of sysexits.h). */
  static final int EXIT_INVALID_CONFIGURATION = 78;

  private static volatile boolean started;

  private PalisadeAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation, false);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation, true);
  }

  private static synchronized void start(String agentArgs, Instrumentation instrumentation, boolean lateAttach) {
    if (started) {
      System.err.println("[palisade] already running in this JVM; ignoring the second attach");
      return;
    }
    started = true;
    try {
      File agentJar = agentJarFile();
      // The bridge classes sit at the root of the agent jar: from now on the bootstrap class loader
      // defines them, so advice inlined into any class loader's classes can reach them.
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
      ClassLoader engineLoader = new EngineClassLoader(agentJar, ClassLoader.getPlatformClassLoader());
      Class<?> starter = Class.forName(ENGINE_STARTER, true, engineLoader);
      Method startMethod =
          starter.getMethod("start", String.class, Instrumentation.class, boolean.class, File.class);
      startMethod.invoke(null, agentArgs, instrumentation, lateAttach, agentJar);
    } catch (InvocationTargetException e) {
      handleStartFailure(e.getCause());
    } catch (Throwable e) {
      handleStartFailure(e);
    }
  }

  private static void handleStartFailure(Throwable failure) {
    if (failure != null && "io.palisade.engine.StrictModeException".equals(failure.getClass().getName())) {
      System.err.println("[palisade] strict mode: " + failure.getMessage());
      System.err.println("[palisade] stopping the JVM (palisade.strict=true)");
      System.exit(EXIT_INVALID_CONFIGURATION);
    }
    System.err.println("[palisade] failed to start; the application runs WITHOUT protection: " + failure);
    if (failure != null && Boolean.getBoolean("palisade.debug")) {
      failure.printStackTrace();
    }
  }

  static File agentJarFile() throws URISyntaxException {
    return new File(PalisadeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
