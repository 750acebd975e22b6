package io.palisade.instrumentation.testing.template;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.engine.instrumentation.AgentInstaller;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The real agent installer attached to the test JVM (every instrumentation module on the test class
 * path), with the given hooks behind the bridge. Installed once per JVM: the test classes of a module
 * run in one JVM and a second installer would transform the engine's classes again. The bridge must be
 * on the boot class path ({@code -Xbootclasspath/a:} in the module's surefire {@code argLine}), as in
 * the agent.
 */
public final class TemplateTestAgent {
  private static AgentInstaller installer;

  private TemplateTestAgent() {}

  /** Puts {@code hooks} behind the bridge; attaches the agent the first time. Returns the one installer. */
  public static synchronized AgentInstaller install(EngineHooks hooks) {
    Bridge.install(hooks);
    if (installer == null) {
      installer = new AgentInstaller();
      installer.install(ByteBuddyAgent.install(), true);
    }
    return installer;
  }

  /** Takes the hooks away: the instrumented engine then runs as without the agent. */
  public static void uninstallHooks() {
    Bridge.install(null);
  }
}
