package io.palisade.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The end-to-end load benchmark: the demo application on loopback, a benign request mix at fixed
 * concurrency, run without the agent, with it in monitor mode and with it in block mode, alternating in
 * the same session (the order rotates every round so no variant always runs first). Every figure is
 * reported as a ratio to the run without the agent of the same round; the median over rounds is what
 * the report compares with the performance targets. Then start-up time, alternating with and without.
 *
 * <p>Run it with {@code integration-tests/benchmarks/load-benchmark.sh} (see docs/benchmarks.md).
 */
public final class LoadBenchmark {
  enum Variant { NO_AGENT, MONITOR, BLOCK }

  /** What one run measured. */
  static final class RunResult {
    double requestsPerSecond;
    double p50Ms;
    double p99Ms;
    double p999Ms;
    double cpuMicrosPerRequest;
    double allocatedKbPerRequest;
    double heapAfterMb;
    /** With --profile=true: the agent's share of the request threads' CPU samples; NaN otherwise. */
    double agentShare = Double.NaN;
  }

  private final Options options;

  private LoadBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    new LoadBenchmark(options).run();
  }

  private void run() throws Exception {
    Files.createDirectories(options.workDir);
    Map<Variant, List<RunResult>> results = new EnumMap<>(Variant.class);
    Map<Variant, List<double[]>> ratios = new EnumMap<>(Variant.class);
    List<String> referenceBodies = null;
    AgentShareProfile profiler = options.profile ? AgentShareProfile.extractTo(options.workDir.resolve("profiler")) : null;
    for (int round = 0; round < options.rounds; round++) {
      Map<Variant, RunResult> thisRound = new EnumMap<>(Variant.class);
      Variant[] order = Variant.values();
      for (int k = 0; k < order.length; k++) {
        Variant variant = order[(k + round) % order.length];
        log("round %d/%d: %s", round + 1, options.rounds, variant);
        try (AppUnderTest app = start(variant, "round" + round + "-" + variant)) {
          LoadDriver driver = new LoadDriver("http://127.0.0.1:" + app.port(), RequestMix.bookstore(),
              options.concurrency);
          List<String> bodies = driver.sample();
          if (referenceBodies == null) {
            referenceBodies = bodies;
          } else if (!referenceBodies.equals(bodies)) {
            throw new IllegalStateException("benign responses differ under " + variant + ":\n" + bodies
                + "\nexpected:\n" + referenceBodies);
          }
          driver.run(options.warmup);
          boolean profiled = profiler != null && variant != Variant.NO_AGENT;
          if (profiled) {
            profiler.start(app.pid());
          }
          long cpu0 = app.processCpuNanos();
          long alloc0 = app.allocatedBytes();
          long[] latencies = driver.run(options.duration);
          long cpu1 = app.processCpuNanos();
          long alloc1 = app.allocatedBytes();
          RunResult r = new RunResult();
          if (profiled) {
            r.agentShare = profiler.stop(app.pid(),
                options.workDir.resolve("round" + round + "-" + variant).resolve("profile.collapsed"));
          }
          int n = latencies.length;
          r.requestsPerSecond = n / (options.duration.toNanos() / 1e9);
          r.p50Ms = percentile(latencies, 0.50) / 1e6;
          r.p99Ms = percentile(latencies, 0.99) / 1e6;
          r.p999Ms = percentile(latencies, 0.999) / 1e6;
          r.cpuMicrosPerRequest = (cpu1 - cpu0) / 1e3 / n;
          r.allocatedKbPerRequest = (alloc1 - alloc0) / 1024.0 / n;
          r.heapAfterMb = app.heapAfterGc() / (1024.0 * 1024.0);
          thisRound.put(variant, r);
          results.computeIfAbsent(variant, v -> new ArrayList<>()).add(r);
          log("  %,.0f req/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, CPU %.0f us/req, %.1f KiB/req, heap %.1f MiB,"
                  + " %d request(s) resent after the server closed their connection%s",
              r.requestsPerSecond, r.p50Ms, r.p99Ms, r.p999Ms, r.cpuMicrosPerRequest, r.allocatedKbPerRequest,
              r.heapAfterMb, driver.staleConnectionRetries(),
              profiled ? String.format(Locale.ROOT, ", agent %.1f %% of request-thread CPU", r.agentShare * 100) : "");
        }
      }
      RunResult base = thisRound.get(Variant.NO_AGENT);
      for (Variant v : new Variant[] {Variant.MONITOR, Variant.BLOCK}) {
        RunResult r = thisRound.get(v);
        ratios.computeIfAbsent(v, x -> new ArrayList<>()).add(new double[] {
            r.requestsPerSecond / base.requestsPerSecond,
            r.p50Ms / base.p50Ms,
            r.p99Ms / base.p99Ms,
            r.p999Ms / base.p999Ms,
            r.cpuMicrosPerRequest / base.cpuMicrosPerRequest,
            r.allocatedKbPerRequest / base.allocatedKbPerRequest,
            r.p99Ms - base.p99Ms,
            r.heapAfterMb - base.heapAfterMb,
        });
      }
    }
    List<Duration> startWithout = new ArrayList<>();
    List<Duration> startWith = new ArrayList<>();
    List<Duration> cpuWithout = new ArrayList<>();
    List<Duration> cpuWith = new ArrayList<>();
    List<Duration> readyWithout = new ArrayList<>();
    List<Duration> readyWith = new ArrayList<>();
    // With a baseline agent, each run is a round of three starts (none, this agent, the baseline), in
    // an order that rotates, so that two agents are compared within rounds, not across a drifting machine.
    List<Path> agents = new ArrayList<>(Arrays.asList(null, options.agentJar));
    final int baseline = agents.size(); // the baseline's index in agents, when there is one
    if (options.baselineAgentJar != null) {
      agents.add(options.baselineAgentJar);
    }
    List<Duration> cpuBaseline = new ArrayList<>();
    List<Duration> readyBaseline = new ArrayList<>();
    for (int i = 0; i < options.startupRuns; i++) {
      for (int k = 0; k < agents.size(); k++) {
        int which = (i + k) % agents.size();
        Path agent = agents.get(which);
        Variant v = agent == null ? Variant.NO_AGENT : Variant.BLOCK;
        try (AppUnderTest app = start(v, "startup" + i + "-" + (which == baseline ? "BASELINE" : v), agent)) {
          if (which == baseline) {
            cpuBaseline.add(app.startupCpu());
            readyBaseline.add(app.firstResponse());
            continue;
          }
          (v == Variant.NO_AGENT ? startWithout : startWith).add(app.startup());
          (v == Variant.NO_AGENT ? cpuWithout : cpuWith).add(app.startupCpu());
          (v == Variant.NO_AGENT ? readyWithout : readyWith).add(app.firstResponse());
        }
      }
    }
    // --startup-runs=0 measures load only: no start-up section, rather than a table of NaN judged missed
    String report = (options.rounds == 0 ? "" : loadReport(results, ratios))
        + (options.startupRuns == 0 ? "" : startupReport(startWithout, startWith, cpuWithout, cpuWith, readyWithout, readyWith))
        + (options.startupRuns == 0 || options.baselineAgentJar == null ? ""
            : baselineReport(readyWithout, readyWith, readyBaseline, cpuWithout, cpuWith, cpuBaseline));
    System.out.println(report);
    Files.writeString(options.workDir.resolve("load-report.md"), report);
    log("report written to %s", options.workDir.resolve("load-report.md"));
  }

  private AppUnderTest start(Variant variant, String name) throws IOException, InterruptedException {
    return start(variant, name, options.agentJar);
  }

  private AppUnderTest start(Variant variant, String name, Path agentJar) throws IOException, InterruptedException {
    Path dir = options.workDir.resolve(name);
    Files.createDirectories(dir);
    Path policy = null;
    if (variant != Variant.NO_AGENT) {
      policy = dir.resolve("policy.json");
      String mode = variant == Variant.BLOCK ? "block" : "monitor";
      Files.writeString(policy, "{\"version\": 1, \"name\": \"load-" + mode + "\", \"mode\": \"" + mode
          + "\", \"audit\": {\"path\": \"" + dir.resolve("audit.jsonl").toString().replace("\\", "\\\\") + "\"}}");
    }
    return AppUnderTest.start(options.java, options.jvmArgs, options.appJar, options.appArgs,
        variant == Variant.NO_AGENT ? null : agentJar, policy, options.listening, dir);
  }

  private String loadReport(Map<Variant, List<RunResult>> results, Map<Variant, List<double[]>> ratios) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "## Load run: %s, %d clients, %d s per run after %d s warm-up, %d rounds%n%n",
        options.appJar.getFileName(), options.concurrency, options.duration.toSeconds(), options.warmup.toSeconds(),
        options.rounds));
    sb.append("Medians over rounds.\n\n");
    sb.append("| variant | req/s | p50 ms | p99 ms | p99.9 ms | CPU us/req | alloc KiB/req | heap after GC MiB |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Variant v : Variant.values()) {
      List<RunResult> rs = results.get(v);
      sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.3f | %.3f | %.3f | %.0f | %.1f | %.1f |%n",
          v.name().toLowerCase(Locale.ROOT).replace('_', ' '),
          median(rs, r -> r.requestsPerSecond), median(rs, r -> r.p50Ms), median(rs, r -> r.p99Ms),
          median(rs, r -> r.p999Ms), median(rs, r -> r.cpuMicrosPerRequest), median(rs, r -> r.allocatedKbPerRequest),
          median(rs, r -> r.heapAfterMb)));
    }
    sb.append("\nRatios to the run without the agent in the same round (median over rounds):\n\n");
    sb.append("| variant | throughput | p50 | p99 | p99.9 | CPU/req | alloc/req | p99 added ms | heap added MiB |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Variant v : new Variant[] {Variant.MONITOR, Variant.BLOCK}) {
      List<double[]> rs = ratios.get(v);
      sb.append("| ").append(v.name().toLowerCase(Locale.ROOT));
      for (int i = 0; i < 8; i++) {
        final int col = i;
        sb.append(String.format(Locale.ROOT, " | %.3f", medianOf(rs.stream().mapToDouble(a -> a[col]).toArray())));
      }
      sb.append(" |\n");
    }
    // The spread says how far one round's ratio can be trusted: on a shared 2-core machine, two runs of
    // the same agent have differed by several points, more than most changes this benchmark judges.
    sb.append("\nEach round's ratio (the spread shows the noise of the machine):\n\n");
    for (Variant v : new Variant[] {Variant.MONITOR, Variant.BLOCK}) {
      sb.append("- ").append(v.name().toLowerCase(Locale.ROOT)).append(": throughput")
          .append(perRound(ratios.get(v), 0)).append("; CPU/req").append(perRound(ratios.get(v), 4)).append('\n');
    }
    if (options.profile) {
      sb.append("\nThe agent's share of the request threads' CPU samples (async-profiler, measured part of each run;"
          + " the profiler's own cost is in this report's other figures):\n\n");
      for (Variant v : new Variant[] {Variant.MONITOR, Variant.BLOCK}) {
        double[] shares = results.get(v).stream().mapToDouble(r -> r.agentShare * 100).toArray();
        StringBuilder each = new StringBuilder();
        for (double share : shares) {
          each.append(String.format(Locale.ROOT, " %.1f", share));
        }
        sb.append(String.format(Locale.ROOT, "- %s: median %.1f %% (each round:%s)%n",
            v.name().toLowerCase(Locale.ROOT), medianOf(shares), each));
      }
    }
    List<double[]> block = ratios.get(Variant.BLOCK);
    double throughput = medianOf(block.stream().mapToDouble(a -> a[0]).toArray());
    double p99Added = medianOf(block.stream().mapToDouble(a -> a[6]).toArray());
    double heapAdded = medianOf(block.stream().mapToDouble(a -> a[7]).toArray());
    sb.append("\nTargets (block mode):\n\n");
    sb.append(target("throughput at least 97% of without", throughput >= 0.97,
        String.format(Locale.ROOT, "%.1f%%", throughput * 100)));
    sb.append(target("p99 latency added at most 0.5 ms", p99Added <= 0.5,
        String.format(Locale.ROOT, "%+.3f ms", p99Added)));
    sb.append(target("heap overhead at most 32 MiB", heapAdded <= 32,
        String.format(Locale.ROOT, "%+.1f MiB", heapAdded)));
    return sb.toString();
  }

  private String startupReport(List<Duration> startWithout, List<Duration> startWith, List<Duration> cpuWithout,
      List<Duration> cpuWith, List<Duration> readyWithout, List<Duration> readyWith) {
    double without = medianMillis(startWithout);
    double with = medianMillis(startWith);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n## Start-up of %s (median of %d each, alternating)%n%n",
        options.appJar.getFileName(), startWithout.size()));
    sb.append(String.format(Locale.ROOT, "- to its listening line: %.0f ms without, %.0f ms with the agent (x%.2f)%n",
        without, with, with / without));
    double readyOff = medianMillis(readyWithout);
    double readyOn = medianMillis(readyWith);
    sb.append(String.format(Locale.ROOT,
        "- to the answer to its first request (sent at the listening line): %.0f ms without, %.0f ms with the agent (x%.2f)%n",
        readyOff, readyOn, readyOn / readyOff));
    double cpuOff = medianMillis(cpuWithout);
    double cpuOn = medianMillis(cpuWith);
    sb.append(String.format(Locale.ROOT,
        "- CPU time of the process to its listening line: %.0f ms without, %.0f ms with the agent (%+.0f ms)%n",
        cpuOff, cpuOn, cpuOn - cpuOff));
    // judged on the first answer: an agent that put work off past the listening line must not look faster
    sb.append(target("start-up overhead (to the first answer) at most 15%", readyOn / readyOff <= 1.15,
        String.format(Locale.ROOT, "%+.0f%%", (readyOn / readyOff - 1) * 100)));
    return sb.toString();
  }

  /**
   * This agent against the baseline agent, round by round: each one's start-up compared with the run
   * without an agent of its own round, and the two agents' difference within each round.
   */
  private String baselineReport(List<Duration> readyWithout, List<Duration> readyWith, List<Duration> readyBaseline,
      List<Duration> cpuWithout, List<Duration> cpuWith, List<Duration> cpuBaseline) {
    int n = readyWithout.size();
    double[] addedThis = new double[n];
    double[] addedBaseline = new double[n];
    double[] cpuThis = new double[n];
    double[] cpuOfBaseline = new double[n];
    double[] readyDifference = new double[n];
    double[] cpuDifference = new double[n]; // this agent's CPU minus the baseline's, the run without cancelling out
    int faster = 0;
    for (int i = 0; i < n; i++) {
      double none = readyWithout.get(i).toNanos() / 1e6;
      double mine = readyWith.get(i).toNanos() / 1e6;
      double theirs = readyBaseline.get(i).toNanos() / 1e6;
      addedThis[i] = mine / none - 1;
      addedBaseline[i] = theirs / none - 1;
      cpuThis[i] = (cpuWith.get(i).toNanos() - cpuWithout.get(i).toNanos()) / 1e6;
      cpuOfBaseline[i] = (cpuBaseline.get(i).toNanos() - cpuWithout.get(i).toNanos()) / 1e6;
      readyDifference[i] = mine - theirs;
      cpuDifference[i] = cpuThis[i] - cpuOfBaseline[i];
      faster += mine < theirs ? 1 : 0;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%n## Against the baseline agent %s (%d rounds of three starts, rotating)%n%n",
        options.baselineAgentJar, n));
    sb.append(String.format(Locale.ROOT,
        "- added to the first answer, median over rounds of each round's ratio: this agent %+.1f%%, baseline %+.1f%%%n",
        medianOf(addedThis) * 100, medianOf(addedBaseline) * 100));
    sb.append(String.format(Locale.ROOT,
        "- CPU added to the listening line, median over rounds: this agent %+.0f ms, baseline %+.0f ms%n",
        medianOf(cpuThis), medianOf(cpuOfBaseline)));
    sb.append(String.format(Locale.ROOT,
        "- this agent minus the baseline within each round, median: first answer %+.0f ms, CPU %+.0f ms;"
            + " this agent answered first in %d of %d rounds%n",
        medianOf(readyDifference), medianOf(cpuDifference), faster, n));
    sb.append("- each round, added to the first answer (this agent / baseline) and CPU added in ms (this agent / baseline):");
    for (int i = 0; i < n; i++) {
      sb.append(String.format(Locale.ROOT, " %+.0f%%/%+.0f%% %+.0f/%+.0f;", addedThis[i] * 100, addedBaseline[i] * 100,
          cpuThis[i], cpuOfBaseline[i]));
    }
    sb.append('\n');
    return sb.toString();
  }

  private static double medianMillis(List<Duration> durations) {
    return medianOf(durations.stream().mapToDouble(d -> d.toNanos() / 1e6).toArray());
  }

  private static String perRound(List<double[]> rounds, int column) {
    StringBuilder sb = new StringBuilder();
    for (double[] round : rounds) {
      sb.append(String.format(Locale.ROOT, " %.3f", round[column]));
    }
    return sb.toString();
  }

  private static String target(String what, boolean met, String measured) {
    return "- " + what + ": " + measured + (met ? " (met)" : " (MISSED)") + "\n";
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private interface Metric {
    double of(RunResult r);
  }

  private static double median(List<RunResult> rs, Metric metric) {
    return medianOf(rs.stream().mapToDouble(metric::of).toArray());
  }

  private static double medianOf(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static void log(String format, Object... args) {
    System.err.println("[load] " + String.format(Locale.ROOT, format, args));
  }

  /** Command-line options; every one has a default that fits the repository's layout. */
  static final class Options {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path appJar = Path.of("demo-apps/jakarta-bookstore/target/jakarta-bookstore.jar");
    Path agentJar = Path.of("agent/target/palisade-agent.jar");
    /** Another agent build to compare start-up with (an earlier commit's jar, say); null for none. */
    Path baselineAgentJar;
    List<String> appArgs = List.of("--port=0", "--db=h2");
    List<String> jvmArgs = List.of();
    Pattern listening = Pattern.compile("listening on port (\\d+)");
    Path workDir = Path.of("integration-tests/benchmarks/target/load");
    int rounds = 3;
    int concurrency = 8;
    Duration warmup = Duration.ofSeconds(15);
    Duration duration = Duration.ofSeconds(20);
    int startupRuns = 5;
    boolean profile;

    static Options parse(String[] args) {
      Options o = new Options();
      Map<String, String> given = new LinkedHashMap<>();
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (!arg.startsWith("--") || eq < 0) {
          throw new IllegalArgumentException("options are --name=value, not " + arg + "\n" + USAGE);
        }
        given.put(arg.substring(2, eq), arg.substring(eq + 1));
      }
      for (Map.Entry<String, String> e : given.entrySet()) {
        String v = e.getValue();
        switch (e.getKey()) {
          case "java": o.java = v; break;
          case "app-jar": o.appJar = Path.of(v); break;
          case "agent-jar": o.agentJar = Path.of(v); break;
          case "baseline-agent-jar": o.baselineAgentJar = Path.of(v); break;
          case "app-args": o.appArgs = Arrays.asList(v.trim().split("\\s+")); break;
          case "jvm-args": o.jvmArgs = v.isBlank() ? List.of() : Arrays.asList(v.trim().split("\\s+")); break;
          case "listening": o.listening = Pattern.compile(v); break;
          case "work-dir": o.workDir = Path.of(v); break;
          case "rounds": o.rounds = Integer.parseInt(v); break;
          case "concurrency": o.concurrency = Integer.parseInt(v); break;
          case "warmup": o.warmup = Duration.ofSeconds(Long.parseLong(v)); break;
          case "duration": o.duration = Duration.ofSeconds(Long.parseLong(v)); break;
          case "startup-runs": o.startupRuns = Integer.parseInt(v); break;
          case "profile": o.profile = Boolean.parseBoolean(v); break;
          default: throw new IllegalArgumentException("unknown option --" + e.getKey() + "\n" + USAGE);
        }
      }
      // the applications run in their own working directories: resolve against ours now
      o.appJar = o.appJar.toAbsolutePath();
      o.agentJar = o.agentJar.toAbsolutePath();
      o.workDir = o.workDir.toAbsolutePath();
      if (o.baselineAgentJar != null) {
        o.baselineAgentJar = o.baselineAgentJar.toAbsolutePath();
        if (!Files.isRegularFile(o.baselineAgentJar)) {
          throw new IllegalArgumentException(o.baselineAgentJar + " not found");
        }
      }
      for (Path p : List.of(o.appJar, o.agentJar)) {
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(p + " not found: build first (mvn -B -DskipTests package)");
        }
      }
      return o;
    }

    static final String USAGE = "usage: java -cp benchmarks.jar io.palisade.benchmarks.load.LoadBenchmark"
        + " [--rounds=3 (0: start-up only)] [--concurrency=8] [--warmup=15] [--duration=20] [--startup-runs=5]"
        + " [--app-jar=PATH] [--app-args='--port=0 --db=h2'] [--jvm-args='-XX:...'] [--listening=REGEX]"
        + " [--agent-jar=PATH] [--baseline-agent-jar=PATH (start-up: compare with another agent build, round by round)]"
        + " [--profile=false (true: the agent's share of request-thread CPU, Linux)]"
        + " [--work-dir=PATH] [--java=PATH]";
  }
}
