package io.palisade.instrumentation.testing;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.engine.instrumentation.AgentInstaller;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The real agent installer attached to the test JVM (every instrumentation module on the test class
 * path), with the given hooks behind the bridge. The bridge must be on the boot class path
 * ({@code -Xbootclasspath/a:} in the module's surefire {@code argLine}), as in the agent.
 */
public final class TestAgent {
  private TestAgent() {}

  public static AgentInstaller install(EngineHooks hooks) {
    Bridge.install(hooks);
    AgentInstaller installer = new AgentInstaller();
    installer.install(ByteBuddyAgent.install(), true);
    return installer;
  }

  public static void uninstallHooks() {
    Bridge.install(null);
  }
}
