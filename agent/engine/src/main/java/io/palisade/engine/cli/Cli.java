package io.palisade.engine.cli;

import io.palisade.policy.PolicyValidateCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code java -jar palisade-agent.jar <command>}. Exit codes: 0 fine, 1 invalid input, 2 usage error. */
public final class Cli {
  private static final String USAGE =
      "usage: java -jar palisade-agent.jar <command>\n"
          + "\n"
          + "commands:\n"
          + "  policy validate FILE...   check policy files against the schema; prints every error with\n"
          + "                            its file, JSON pointer and reason; exit 1 when any is invalid\n"
          + "  hash-api-key [KEY]        print the SHA-256 hash of an API key for an access rule's\n"
          + "                            api_key.keys[].sha256; reads the key from stdin when not given\n"
          + "                            (preferred: the key stays out of the shell history)\n"
          + "  --help                    this text\n"
          + "  policy diff OLD NEW       what a policy change turns on, off, loosens or tightens\n"
          + "                            (--fail-on-loosen: exit 3 when it turns off or loosens anything)\n"
          + "  audit summary FILE...     findings by detector, action, endpoint, input and client IP\n"
          + "                            (--from TIME, --to TIME, --top N)\n"
          + "  audit report FILE... --html OUT\n"
          + "                            a self-contained HTML report with charts (no network needed)\n"
          + "  attach PID [--policy FILE]\n"
          + "                            load the agent into a running JVM\n"
          + "  --help                    this text; COMMAND --help for a command's options\n"
          + "\n"
          + "exit codes: 0 done, 1 invalid input or refused, 2 usage error, 3 policy diff --fail-on-loosen found a loosening\n"
          + "\n"
          + "To protect a service: java -javaagent:palisade-agent.jar=policy=/etc/palisade/prod.json -jar app.jar\n";

  private Cli() {}

  public static int run(String[] args) {
    return run(Arrays.asList(args), System.out, System.err);
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.get(0) + (args.size() >= 2 ? " " + args.get(1) : "");
    switch (command) {
      case "policy validate":
        return PolicyValidateCommand.run(args.subList(2, args.size()), out, err);
      case "policy diff":
        return PolicyDiffCommand.run(args.subList(2, args.size()), out, err);
      case "audit summary":
        return AuditSummaryCommand.run(args.subList(2, args.size()), out, err);
      case "audit report":
        return AuditReportCommand.run(args.subList(2, args.size()), out, err);
      default:
        break;
    }
    if (args.get(0).equals("attach")) {
      return AttachCommand.run(args.subList(1, args.size()), out, err);
    }
    if (args.get(0).equals("hash-api-key")) {
      return HashApiKeyCommand.run(args.subList(1, args.size()), in, out, err);
    }
    err.println("palisade: unknown command '" + String.join(" ", args) + "'");
    err.print(USAGE);
    return 2;
  }
}
