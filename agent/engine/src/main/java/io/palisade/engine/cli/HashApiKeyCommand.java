package io.palisade.engine.cli;

import io.palisade.engine.access.ApiKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code hash-api-key [KEY]}: prints the hex SHA-256 an access rule stores instead of the key. The
 * key comes from the argument or, better, from the first line of stdin (so it stays out of the shell
 * history); surrounding whitespace and the line end are not part of it.
 */
final class HashApiKeyCommand {
  private HashApiKeyCommand() {}

  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
      out.println("usage: java -jar palisade-agent.jar hash-api-key [KEY]   (or the key on stdin, which keeps it"
          + " out of the shell history); prints the SHA-256 hash for api_key.keys[].sha256");
      return 0;
    }
    if (args.size() > 1) {
      err.println("usage: java -jar palisade-agent.jar hash-api-key [KEY]   (or the key on stdin)");
      return 2;
    }
    String key;
    if (args.size() == 1) {
      key = args.get(0);
    } else {
      try {
        key = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        err.println("palisade: cannot read the key from stdin: " + e.getMessage());
        return 1;
      }
    }
    key = key == null ? "" : key.trim();
    if (key.isEmpty()) {
      err.println("palisade: no API key given (pass it as an argument or on stdin)");
      return 1;
    }
    out.println(ApiKeys.hashHex(key));
    return 0;
  }
}
