package io.palisade.engine.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.palisade.policy.PolicyError;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code attach PID [--policy FILE]}: loads the agent into a running JVM (dynamic attach). The
 * policy is validated here first, and its path made absolute, because the target resolves relative
 * paths against its own working directory. Every way the target can refuse gets a sentence that
 * says what to check.
 */
final class AttachCommand {
  static final String USAGE =
      "usage: java -jar palisade-agent.jar attach PID [--policy FILE]\n"
          + "  Attaches Palisade to the running JVM with process id PID (same user, HotSpot, attach not disabled).\n"
          + "  Already loaded classes are retransformed; the target's stderr shows the agent's start-up line.\n"
          + "  Exit code: 0 attached, 1 the policy is invalid or the target refused, 2 usage error.";

  private AttachCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    String pid = null;
    String policy = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--policy")) {
        if (i + 1 >= args.size()) {
          err.println("error: --policy needs a file");
          err.println(USAGE);
          return 2;
        }
        policy = args.get(++i);
      } else if (a.startsWith("-")) {
        err.println("error: unknown option " + a);
        err.println(USAGE);
        return 2;
      } else if (pid == null) {
        pid = a;
      } else {
        err.println("error: one process id only");
        err.println(USAGE);
        return 2;
      }
    }
    if (pid == null || !pid.matches("[1-9][0-9]{0,9}")) {
      err.println("error: " + (pid == null ? "no process id given" : "'" + pid + "' is not a process id"));
      err.println(USAGE);
      return 2;
    }
    String agentArgs = null;
    if (policy != null) {
      Path file = Paths.get(policy).toAbsolutePath().normalize();
      PolicyLoadResult result = PolicyLoader.load(file);
      if (!result.isValid()) {
        err.println("error: the policy is invalid; not attaching:");
        for (PolicyError e : result.errors()) {
          err.println("  " + e);
        }
        return 1;
      }
      agentArgs = "policy=" + file;
    }
    String jar = System.getProperty("palisade.agent.jar");
    if (jar == null || !new File(jar).isFile()) {
      err.println("error: cannot find the agent jar to load (run this command as java -jar palisade-agent.jar attach ...)");
      return 1;
    }
    if (String.valueOf(ProcessHandle.current().pid()).equals(pid)) {
      err.println("error: " + pid + " is this command's own process");
      return 1;
    }
    if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
      err.println("error: no process " + pid + " is running");
      return 1;
    }
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(pid);
    } catch (AttachNotSupportedException e) {
      err.println("error: process " + pid + " refused the attach: " + e.getMessage());
      err.println("  Check that it is a HotSpot JVM (Java 17 or later) running as the same user as this command,"
          + " that it was not started with -XX:+DisableAttachMechanism, and, in a container, that this command"
          + " runs in the same container (the attach socket lives in its /tmp).");
      return 1;
    } catch (IOException e) {
      err.println("error: cannot talk to process " + pid + ": " + e.getMessage()
          + " (permission: run as the same user as the target, or as root)");
      return 1;
    }
    try {
      vm.loadAgent(jar, agentArgs);
    } catch (AgentInitializationException e) {
      err.println("error: the agent was loaded into " + pid + " but failed to start (agentmain returned "
          + e.returnValue() + "): " + e.getMessage() + "; see the target's stderr");
      return 1;
    } catch (AgentLoadException e) {
      err.println("error: process " + pid + " could not load the agent: " + e.getMessage()
          + " (is its Java version 17 or later?)");
      return 1;
    } catch (IOException e) {
      err.println("error: the attach connection to " + pid + " failed: " + e.getMessage());
      return 1;
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // The agent stays loaded; only our connection is gone.
      }
    }
    out.println("attached Palisade to process " + pid + (policy == null ? " without a policy (every detector monitors)"
        : " with policy " + agentArgs.substring("policy=".length())) + "; its stderr has the start-up line");
    return 0;
  }
}
