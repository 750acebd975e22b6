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
    if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
      (args.isEmpty() ? err : out).print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (args.size() >= 2 && args.get(0).equals("policy") && args.get(1).equals("validate")) {
      return PolicyValidateCommand.run(args.subList(2, args.size()), out, err);
    }
    if (args.get(0).equals("hash-api-key")) {
      return HashApiKeyCommand.run(args.subList(1, args.size()), in, out, err);
    }
    err.println("palisade: unknown command '" + String.join(" ", args) + "'");
    err.print(USAGE);
    return 2;
  }
}
