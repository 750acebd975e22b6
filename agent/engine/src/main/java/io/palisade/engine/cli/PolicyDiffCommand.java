package io.palisade.engine.cli;

import io.palisade.policy.Exclusion;
import io.palisade.policy.Mode;
import io.palisade.policy.Policy;
import io.palisade.policy.PolicyError;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code policy diff OLD NEW}: what a policy change does to protection, in the words a reviewer of
 * the change needs: what turns on, what turns off, what loosens (less is blocked, inspected or
 * hidden), what tightens, and what else changes. {@code --fail-on-loosen} lets CI stop a change
 * that weakens protection until someone approves it.
 */
final class PolicyDiffCommand {
  static final String USAGE =
      "usage: java -jar palisade-agent.jar policy diff OLD NEW [--fail-on-loosen]\n"
          + "  Says what changing the policy from OLD to NEW turns on, turns off, loosens and tightens.\n"
          + "  Exit code: 0 compared, 1 a file is invalid, 2 usage error, 3 with --fail-on-loosen when\n"
          + "  anything is turned off or loosened.";
  /** Every detector id the schema knows, so a change of the global mode is spelled out per detector. */
  static final List<String> KNOWN_DETECTORS = Arrays.asList("sql_injection", "xss", "template_injection", "ssrf",
      "command_injection", "path_traversal", "deserialization", "jndi_injection");

  enum Kind {
    TURNS_ON("turns on"), TURNS_OFF("turns off"), LOOSENS("loosens"), TIGHTENS("tightens"), CHANGES("changes");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** One line of the diff. */
  static final class Change {
    final Kind kind;
    final String what;

    Change(Kind kind, String what) {
      this.kind = kind;
      this.what = what;
    }

    @Override
    public String toString() {
      return kind.label + ": " + what;
    }
  }

  private PolicyDiffCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    boolean failOnLoosen = false;
    List<String> files = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--fail-on-loosen")) {
        failOnLoosen = true;
      } else if (a.startsWith("--")) {
        err.println("error: unknown option " + a);
        err.println(USAGE);
        return 2;
      } else {
        files.add(a);
      }
    }
    if (files.size() != 2) {
      err.println("error: policy diff needs exactly two files, OLD and NEW");
      err.println(USAGE);
      return 2;
    }
    PolicyLoadResult older = PolicyLoader.load(Paths.get(files.get(0)));
    PolicyLoadResult newer = PolicyLoader.load(Paths.get(files.get(1)));
    if (!older.isValid() || !newer.isValid()) {
      for (PolicyLoadResult r : Arrays.asList(older, newer)) {
        for (PolicyError e : r.errors()) {
          out.println(e);
        }
      }
      return 1;
    }
    List<Change> changes = diff(older.policy(), newer.policy());
    out.println("policy diff " + files.get(0) + " (" + older.policy().name() + ") -> " + files.get(1) + " ("
        + newer.policy().name() + "): " + (changes.isEmpty() ? "no change to protection" : changes.size() + " change(s)"));
    boolean loosens = false;
    for (Kind kind : Kind.values()) {
      for (Change c : changes) {
        if (c.kind == kind) {
          out.println("  " + c);
          loosens |= kind == Kind.TURNS_OFF || kind == Kind.LOOSENS;
        }
      }
    }
    out.flush();
    return failOnLoosen && loosens ? 3 : 0;
  }

  static List<Change> diff(Policy a, Policy b) {
    List<Change> changes = new ArrayList<>();
    if (a.mode() != b.mode()) {
      changes.add(new Change(compare(a.mode(), b.mode()), "global mode " + a.mode().id() + " -> " + b.mode().id()));
    }
    Set<String> detectors = new LinkedHashSet<>(KNOWN_DETECTORS);
    detectors.addAll(a.detectorModes().keySet());
    detectors.addAll(b.detectorModes().keySet());
    for (String d : detectors) {
      Mode before = a.modeFor(d);
      Mode after = b.modeFor(d);
      if (before != after) {
        changes.add(new Change(compare(before, after), "detector " + d + " " + before.id() + " -> " + after.id()));
      }
    }
    exclusions(a, b, changes);
    Set<String> proxiesBefore = new TreeSet<>(a.trustedProxies());
    Set<String> proxiesAfter = new TreeSet<>(b.trustedProxies());
    for (String p : proxiesAfter) {
      if (!proxiesBefore.contains(p)) {
        changes.add(new Change(Kind.LOOSENS, "trusted proxy " + p + " added (its forwarding headers now name the client)"));
      }
    }
    for (String p : proxiesBefore) {
      if (!proxiesAfter.contains(p)) {
        changes.add(new Change(Kind.TIGHTENS, "trusted proxy " + p + " removed"));
      }
    }
    Set<String> redactBefore = lower(a.audit().redact());
    Set<String> redactAfter = lower(b.audit().redact());
    for (String r : redactBefore) {
      if (!redactAfter.contains(r)) {
        changes.add(new Change(Kind.LOOSENS, "audit.redact no longer hides '" + r + "' (its values reach the log)"));
      }
    }
    for (String r : redactAfter) {
      if (!redactBefore.contains(r)) {
        changes.add(new Change(Kind.TIGHTENS, "audit.redact hides '" + r + "'"));
      }
    }
    if (b.maxBodyBytes() != a.maxBodyBytes()) {
      changes.add(new Change(b.maxBodyBytes() < a.maxBodyBytes() ? Kind.LOOSENS : Kind.TIGHTENS,
          "inputs.max_body_bytes " + a.maxBodyBytes() + " -> " + b.maxBodyBytes() + " (how much of a body is inspected)"));
    }
    if (a.blockResponse().status() != b.blockResponse().status()) {
      changes.add(new Change(Kind.CHANGES, "block_response.status " + a.blockResponse().status() + " -> " + b.blockResponse().status()));
    }
    other(changes, "audit.path", a.audit().path(), b.audit().path());
    other(changes, "audit.max_value_length", a.audit().maxValueLength(), b.audit().maxValueLength());
    other(changes, "audit.aggregate_repeats", a.audit().aggregateRepeats(), b.audit().aggregateRepeats());
    other(changes, "audit.stdout", a.audit().stdout(), b.audit().stdout());
    other(changes, "audit.rotate_bytes", a.audit().rotateBytes(), b.audit().rotateBytes());
    other(changes, "audit.rotate_interval (ms)", a.audit().rotateIntervalMillis(), b.audit().rotateIntervalMillis());
    other(changes, "audit.max_files", a.audit().maxFiles(), b.audit().maxFiles());
    if (a.accessRules().size() != b.accessRules().size() || !a.accessRules().equals(b.accessRules())) {
      changes.add(new Change(Kind.CHANGES, "access rules " + a.accessRules().size() + " -> " + b.accessRules().size()
          + " (review them; this version does not enforce them yet)"));
    }
    return changes;
  }

  private static void exclusions(Policy a, Policy b, List<Change> changes) {
    Map<String, Exclusion> before = byId(a.exclusions());
    Map<String, Exclusion> after = byId(b.exclusions());
    for (Map.Entry<String, Exclusion> e : after.entrySet()) {
      Exclusion old = before.get(e.getKey());
      if (old == null) {
        changes.add(new Change(Kind.LOOSENS, "exclusion '" + e.getKey() + "' added: " + describe(e.getValue())));
      } else if (!describe(old).equals(describe(e.getValue()))) {
        changes.add(new Change(Kind.CHANGES, "exclusion '" + e.getKey() + "' now " + describe(e.getValue())
            + " (was " + describe(old) + "; review whether it covers more)"));
      }
    }
    for (String id : before.keySet()) {
      if (!after.containsKey(id)) {
        changes.add(new Change(Kind.TIGHTENS, "exclusion '" + id + "' removed"));
      }
    }
  }

  private static Map<String, Exclusion> byId(List<Exclusion> exclusions) {
    Map<String, Exclusion> map = new LinkedHashMap<>();
    for (Exclusion e : exclusions) {
      map.put(e.id(), e);
    }
    return map;
  }

  static String describe(Exclusion e) {
    List<String> parts = new ArrayList<>();
    parts.add("detectors " + (e.detectors().isEmpty() ? "all" : String.join(",", e.detectors())));
    parts.add("paths " + (e.paths().isEmpty() ? "any" : String.join(",", e.paths())));
    if (!e.inputs().isEmpty()) {
      List<String> inputs = new ArrayList<>();
      e.inputs().forEach(i -> inputs.add(i.source() + (i.name() == null ? "" : ":" + i.name())));
      parts.add("inputs " + String.join(",", inputs));
    }
    if (!e.clientCidrs().isEmpty()) {
      parts.add("clients " + String.join(",", e.clientCidrs()));
    }
    if (!e.sinkTargets().isEmpty()) {
      parts.add("targets " + String.join(" | ", e.sinkTargets()));
    }
    return String.join("; ", parts);
  }

  /** Stricter is block over monitor over off. */
  private static Kind compare(Mode before, Mode after) {
    if (after == Mode.OFF) {
      return Kind.TURNS_OFF;
    }
    if (before == Mode.OFF) {
      return Kind.TURNS_ON;
    }
    return after == Mode.BLOCK ? Kind.TIGHTENS : Kind.LOOSENS;
  }

  private static void other(List<Change> changes, String what, Object before, Object after) {
    if (!before.equals(after)) {
      changes.add(new Change(Kind.CHANGES, what + " " + before + " -> " + after));
    }
  }

  private static Set<String> lower(List<String> names) {
    Set<String> out = new TreeSet<>();
    for (String n : names) {
      out.add(n.toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
