package io.palisade.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code audit summary FILE... [--from T] [--to T] [--top N]}: what was attacked, how, from where,
 * and what was blocked, as tables a person reads. Exit 0, 1 when a file cannot be read, 2 on usage.
 */
final class AuditSummaryCommand {
  static final String USAGE =
      "usage: java -jar palisade-agent.jar audit summary FILE... [--from TIME] [--to TIME] [--top N]\n"
          + "  Counts the findings in audit logs (plain or .gz) by detector, action, endpoint, input and client IP.\n"
          + "  TIME is an ISO instant (2026-11-28T12:00:00Z) or a date (2026-11-28, midnight UTC); --to is exclusive.\n"
          + "  An aggregated event counts as its 'count'. Exit code: 0 done, 1 a file could not be read, 2 usage error.";

  private AuditSummaryCommand() {}

  /** Parsed options shared with {@code audit report}. */
  static final class Options {
    final List<Path> files = new ArrayList<>();
    Instant from;
    Instant to;
    int top = 10;
    Path html;
  }

  /** Parses the arguments; returns null after printing the problem to {@code err}. */
  static Options parse(List<String> args, boolean wantsHtml, String usage, PrintStream err) {
    Options o = new Options();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      try {
        switch (a) {
          case "--from":
            o.from = AuditScan.parseTime(args.get(++i));
            break;
          case "--to":
            o.to = AuditScan.parseTime(args.get(++i));
            break;
          case "--top":
            o.top = Integer.parseInt(args.get(++i));
            if (o.top < 1) {
              throw new NumberFormatException();
            }
            break;
          case "--html":
            if (!wantsHtml) {
              err.println("error: unknown option --html");
              err.println(usage);
              return null;
            }
            o.html = Paths.get(args.get(++i));
            break;
          default:
            if (a.startsWith("--")) {
              err.println("error: unknown option " + a);
              err.println(usage);
              return null;
            }
            o.files.add(Paths.get(a));
        }
      } catch (IndexOutOfBoundsException e) {
        err.println("error: " + a + " needs a value");
        err.println(usage);
        return null;
      } catch (DateTimeParseException e) {
        err.println("error: " + a + " " + args.get(i) + " is neither an ISO instant nor a date");
        return null;
      } catch (NumberFormatException e) {
        err.println("error: --top needs a positive number");
        return null;
      }
    }
    if (o.files.isEmpty()) {
      err.println("error: no audit log given");
      err.println(usage);
      return null;
    }
    if (wantsHtml && o.html == null) {
      err.println("error: --html OUT is required");
      err.println(usage);
      return null;
    }
    return o;
  }

  /** Reads every file; returns false (after naming it) when one cannot be read. */
  static boolean scan(Options o, AuditScan scan, PrintStream err) {
    boolean ok = true;
    for (Path file : o.files) {
      try {
        scan.read(file);
      } catch (IOException e) {
        err.println("error: cannot read " + file + ": " + e);
        ok = false;
      }
    }
    if (scan.badLines > 0) {
      err.println("warning: " + scan.badLines + " line(s) are not audit events and were skipped, e.g.:");
      for (String example : scan.badLineExamples) {
        err.println("  " + example);
      }
    }
    return ok;
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Options o = parse(args, false, USAGE, err);
    if (o == null) {
      return 2;
    }
    AuditScan scan = new AuditScan(o.from, o.to);
    boolean ok = scan(o, scan, err);
    out.println("Palisade audit summary: " + scan.findings + " finding(s) in " + scan.events + " event(s)"
        + (scan.first == null ? "" : ", " + scan.first + " to " + scan.last)
        + (o.from != null || o.to != null ? " (range " + (o.from == null ? "start" : o.from) + " to "
            + (o.to == null ? "end" : o.to) + ")" : ""));
    Map<String, Long> bvm = scan.blockedVsMonitored();
    out.println("blocked " + bvm.get("blocked") + ", monitored " + bvm.get("monitored"));
    table(out, "by detector", scan.byDetector, o.top);
    table(out, "by action", scan.byAction, o.top);
    table(out, "by endpoint", scan.byEndpoint, o.top);
    table(out, "by input", scan.byInput, o.top);
    table(out, "by client IP", scan.byClient, o.top);
    if (!scan.byLifecycle.isEmpty()) {
      table(out, "policy events", scan.byLifecycle, o.top);
    }
    out.flush();
    return ok ? 0 : 1;
  }

  private static void table(PrintStream out, String title, Map<String, Long> counts, int top) {
    out.println();
    out.println(title + (counts.size() > top ? " (top " + top + " of " + counts.size() + ")" : "") + ":");
    if (counts.isEmpty()) {
      out.println("  (none)");
      return;
    }
    for (Map.Entry<String, Long> e : AuditScan.top(counts, top)) {
      out.printf("  %10d  %s%n", e.getValue(), e.getKey());
    }
  }
}
