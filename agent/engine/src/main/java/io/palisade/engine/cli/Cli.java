package io.palisade.engine.cli;

import io.palisade.policy.PolicyValidateCommand;
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
          + "  --help                    this text\n"
          + "\n"
          + "To protect a service: java -javaagent:palisade-agent.jar=policy=/etc/palisade/prod.json -jar app.jar\n";

  private Cli() {}

  public static int run(String[] args) {
    return run(Arrays.asList(args), System.out, System.err);
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (args.size() >= 2 && args.get(0).equals("policy") && args.get(1).equals("validate")) {
      return PolicyValidateCommand.run(args.subList(2, args.size()), out, err);
    }
    err.println("palisade: unknown command '" + String.join(" ", args) + "'");
    err.print(USAGE);
    return 2;
  }
}
