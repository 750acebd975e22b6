package io.palisade.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palisade.audit.AuditEvent;
import io.palisade.audit.AuditLog;
import io.palisade.audit.AuditLogException;
import io.palisade.audit.AuditSettings;
import io.palisade.bootstrap.Bridge;
import io.palisade.engine.access.AccessGate;
import io.palisade.engine.findings.FindingReporter;
import io.palisade.engine.findings.PolicyState;
import io.palisade.engine.instrumentation.AgentInstaller;
import io.palisade.engine.metrics.AgentMBean;
import io.palisade.engine.metrics.AgentMXBean;
import io.palisade.engine.metrics.AgentMetrics;
import io.palisade.engine.metrics.MBeanPublisher;
import io.palisade.engine.reload.PolicyFileWatcher;
import io.palisade.engine.reload.PolicyReloader;
import io.palisade.policy.AuditConfig;
import io.palisade.policy.Policy;
import io.palisade.policy.PolicyError;
import io.palisade.policy.PolicyLoadResult;
import io.palisade.policy.PolicyLoader;
import io.palisade.policy.PolicyLocator;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the engine inside its own class loader: finds and validates the policy, opens the audit
 * log, installs the bridge and the instrumentation. Protection is never dropped silently: with no
 * policy or an invalid one every detector runs in monitor mode and the agent says so.
 */
public final class EngineStarter {
  private static final Logger log = LoggerFactory.getLogger("io.palisade");

  private EngineStarter() {}

  public static void start(String agentArgs, Instrumentation instrumentation, boolean lateAttach, File agentJar) {
    long startNanos = System.nanoTime();
    boolean strict = Boolean.getBoolean("palisade.strict");
    if (strict || lateAttach || "false".equals(System.getProperty("palisade.start.background"))) {
      // Strict mode must refuse to start before the application runs; attached to a running JVM,
      // requests are already in flight. Both wait for the whole start here.
      startEngine(agentArgs, strict, lateAttach);
      long policyMillis = millisSince(startNanos);
      long installStart = System.nanoTime();
      new AgentInstaller().install(instrumentation, lateAttach);
      log.info("started in {} ms (policy {} ms, instrumentation {} ms)",
          millisSince(startNanos), policyMillis, millisSince(installStart));
      return;
    }
    // At premain the policy (Jackson, the schema validator: a few hundred milliseconds of cold code)
    // loads on a thread of its own while the application starts; until then the bridge holds a
    // stand-in that makes every hook needing a decision wait for the engine (a request's entry, an
    // outbound call). The instrumentation is installed here, before premain returns, so no class
    // the application loads escapes it.
    PendingEngine pending = new PendingEngine();
    Bridge.install(pending);
    Thread policyLoader = new Thread(() -> {
      try {
        pending.started(startEngine(agentArgs, false, false));
      } catch (Throwable failure) {
        pending.failed();
        System.err.println("[palisade] failed to start; the application runs WITHOUT protection: " + failure);
        if (Boolean.getBoolean("palisade.debug")) {
          failure.printStackTrace();
        }
      }
    }, "palisade-start");
    policyLoader.setDaemon(true);
    pending.startingThread(policyLoader);
    new AgentInstaller().install(instrumentation, false);
    log.debug("instrumentation installed in {} ms", millisSince(startNanos));
    // Started after the gate is in place: the JDK classes the load uses (ProcessHandle's executor)
    // are then transformed as they load instead of retransformed here.
    policyLoader.start();
  }

  /** Finds and validates the policy, opens the audit log, builds the engine and installs it on the bridge. */
  private static PalisadeEngine startEngine(String agentArgs, boolean strict, boolean lateAttach) {
    long startNanos = System.nanoTime();
    ServiceInfo service = ServiceInfo.detect();
    String policyFile = PolicyLocator.locate(agentArgs, systemProperties(), System.getenv());
    Policy policy;
    List<PolicyError> policyErrors = Collections.emptyList();
    String auditPathOfInvalidPolicy = null;
    if (policyFile == null) {
      policy = Policy.defaults();
      log.warn(
          "no policy file (agent argument policy=..., -Dpalisade.policy or PALISADE_POLICY): "
              + "every detector runs in MONITOR mode, nothing is blocked");
    } else {
      PolicyLoadResult result = PolicyLoader.load(Paths.get(policyFile));
      if (result.isValid()) {
        policy = result.policy();
      } else {
        policyErrors = result.errors();
        for (PolicyError error : policyErrors) {
          System.err.println("[palisade] invalid policy: " + error);
        }
        if (strict) {
          throw new StrictModeException(
              "the policy " + policyFile + " is invalid (" + policyErrors.size() + " error(s), listed above)");
        }
        policy = Policy.defaults();
        auditPathOfInvalidPolicy = auditPathFromRawPolicy(policyFile);
        log.error(
            "the policy {} is invalid: every detector runs in MONITOR mode until it is fixed "
                + "(set -Dpalisade.strict=true to refuse to start instead)",
            policyFile);
      }
    }

    long policyMillis = millisSince(startNanos);
    AuditLog audit = openAuditLog(policy.audit(), auditPathOfInvalidPolicy, strict);
    PolicyState state = new PolicyState(policy, audit);
    if (!policyErrors.isEmpty()) {
      audit.write(policyErrorEvent(policyFile, policyErrors, service));
    }
    audit.write(policyLoadedEvent(policy, service, lateAttach));

    audit.updateFormatting(policy.audit().redact(), policy.audit().maxValueLength());
    AgentMetrics metrics = new AgentMetrics();
    FindingReporter reporter = new FindingReporter(state, service, metrics);
    AccessGate accessGate = new AccessGate(state, service);
    int accessProblems = accessGate.rules().problems().size();
    if (accessProblems > 0 && strict) {
      throw new StrictModeException(accessProblems + " access rule(s) of " + policyFile + " could not be built (listed above)");
    }
    PalisadeEngine engine = new PalisadeEngine(reporter, accessGate);
    PolicyReloader reloader = policyFile == null ? null : new PolicyReloader(state, service, policyFile);
    ScheduledExecutorService maintenance =
        startMaintenance(state, reporter, engine, reloader, policyFile, metrics, lateAttach);
    Runtime.getRuntime().addShutdownHook(
        new Thread(() -> closeAndReport(maintenance, audit, reporter, engine), "palisade-shutdown"));
    Bridge.install(engine);

    log.info(
        "Palisade {} protecting '{}': policy '{}' (sha256 {}), mode {}{}, audit log {}; "
            + "policy read in {} ms",
        service.agentVersion(),
        service.name(),
        policy.name(),
        shortHash(policy.sha256()),
        policy.mode().id(),
        lateAttach ? " (attached to a running JVM)" : "",
        audit.settings().path().toAbsolutePath(),
        policyMillis);
    if (!policy.accessRules().isEmpty()) {
      log.info("{} access rule(s) enforced at request entry", accessGate.rules().size());
    }
    return engine;
  }

  /**
   * The agent's one background thread besides the audit writer: polls the policy file (about once a
   * second, {@code -Dpalisade.policy.poll.millis}), writes the aggregates of repeated findings, and
   * registers the MBean once, after premain has returned and once the JVM serves JMX.
   */
  private static ScheduledExecutorService startMaintenance(PolicyState state, FindingReporter reporter,
      PalisadeEngine engine, PolicyReloader reloader, String policyFile, AgentMetrics metrics, boolean lateAttach) {
    ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "palisade-maintenance");
      thread.setDaemon(true);
      return thread;
    });
    if (!"false".equals(System.getProperty("palisade.jmx"))) {
      MBeanPublisher publisher = new MBeanPublisher(new AgentMBean(state, metrics,
          () -> reloader == null ? 0 : reloader.changes(),
          () -> reloader == null ? 0 : reloader.rejections(),
          engine::failureCount));
      // At premain the bean waits until something serves JMX (see MBeanPublisher); attached to a
      // running JVM, start-up is over and it is registered at once.
      Runnable publish = lateAttach ? () -> publish(publisher, true) : () -> publish(publisher, false);
      maintenance.scheduleWithFixedDelay(guarded("jmx", engine, publish), 0, 1000, TimeUnit.MILLISECONDS);
    }
    maintenance.scheduleWithFixedDelay(guarded("repeats", engine, reporter::flushRepeats), 200, 200, TimeUnit.MILLISECONDS);
    if (reloader != null && !"false".equals(System.getProperty("palisade.policy.watch"))) {
      long pollMillis = Math.max(50, Long.getLong("palisade.policy.poll.millis", 1000L));
      PolicyFileWatcher watcher = new PolicyFileWatcher(Paths.get(policyFile), sha256Of(policyFile), reloader::apply);
      maintenance.scheduleWithFixedDelay(guarded("policy-watch", engine, watcher::poll), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }
    return maintenance;
  }

  private static void publish(MBeanPublisher publisher, boolean now) {
    if (publisher.isFinished()) {
      return;
    }
    try {
      if (now) {
        publisher.publishNow();
      } else {
        publisher.publishIfServed();
      }
    } catch (Exception e) {
      log.warn("could not register the MBean {}: {}", AgentMXBean.OBJECT_NAME, e.toString());
      // Said once: retrying every second would only repeat the warning.
      publisher.giveUp();
    }
  }

  /** A periodic task that never dies of its own failure (a scheduled task that throws is never run again). */
  private static Runnable guarded(String what, PalisadeEngine engine, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        engine.reportFailure("maintenance:" + what, t);
      }
    };
  }

  /** Flushes every pending audit event, then says what happened, so back-pressure is never invisible. */
  private static void closeAndReport(ScheduledExecutorService maintenance, AuditLog audit, FindingReporter reporter,
      PalisadeEngine engine) {
    maintenance.shutdownNow();
    reporter.flushAllRepeats();
    audit.close();
    AuditLog.Stats stats = audit.stats();
    AgentMetrics metrics = reporter.metrics();
    log.info(
        "stopping: {} audit event(s) written to {}, producers waited for a full queue {} time(s), "
            + "{} write failure(s), {} finding(s) suppressed by exclusions{}, {} finding(s) counted into "
            + "aggregated events, {} internal failure(s)",
        stats.written(),
        audit.settings().path().toAbsolutePath(),
        stats.producerWaits(),
        stats.writeFailures(),
        metrics.excludedTotal(),
        metrics.exclusionCounts().isEmpty() ? "" : " " + metrics.exclusionCounts(),
        metrics.aggregatedTotal(),
        engine.failureCount());
  }

  private static AuditLog openAuditLog(AuditConfig config, String overridePath, boolean strict) {
    Path path = Paths.get(overridePath != null ? overridePath : config.path());
    try {
      return AuditLog.open(settings(config, path));
    } catch (AuditLogException e) {
      if (strict) {
        throw new StrictModeException(e.getMessage());
      }
      Path fallback =
          Paths.get(System.getProperty("java.io.tmpdir"), "palisade-audit-" + ProcessHandle.current().pid() + ".jsonl");
      log.error("{}; audit events go to {} instead", e.getMessage(), fallback);
      try {
        return AuditLog.open(settings(config, fallback));
      } catch (AuditLogException second) {
        throw new IllegalStateException("no writable audit log: " + second.getMessage(), second);
      }
    }
  }

  private static AuditSettings settings(AuditConfig config, Path path) {
    return AuditSettings.builder()
        .path(path)
        .redact(config.redact())
        .maxValueLength(config.maxValueLength())
        .rotateBytes(config.rotateBytes())
        .maxFiles(config.maxFiles())
        .queueCapacity(config.queueCapacity())
        .rotateIntervalMillis(config.rotateIntervalMillis())
        .copyToStdout(config.stdout())
        .build();
  }

  private static AuditEvent policyErrorEvent(String policyFile, List<PolicyError> errors, ServiceInfo service) {
    List<Map<String, String>> details = new ArrayList<>();
    for (PolicyError error : errors) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("file", error.file());
      detail.put("pointer", error.pointer());
      detail.put("reason", error.reason());
      details.add(detail);
    }
    return AuditEvent.builder()
        .eventType("policy_error")
        .policy(policyFile, sha256Of(policyFile))
        .reason("The policy " + policyFile + " is invalid; every detector runs in monitor mode until it is fixed.")
        .errors(details)
        .service(service.name(), service.host(), service.pid())
        .agentVersion(service.agentVersion())
        .build();
  }

  /** Records, for reviewers, which policy was in force from when: its name, hash and mode. */
  private static AuditEvent policyLoadedEvent(Policy policy, ServiceInfo service, boolean lateAttach) {
    return AuditEvent.builder()
        .eventType("policy_loaded")
        .policy(policy.name(), policy.sha256())
        .reason(
            "Palisade started"
                + (lateAttach ? " (attached to the running JVM)" : "")
                + " with policy '" + policy.name() + "' in " + policy.mode().id() + " mode"
                + (policy.isDefault() ? " (no valid policy file: every detector monitors only)." : "."))
        .service(service.name(), service.host(), service.pid())
        .agentVersion(service.agentVersion())
        .build();
  }

  /** Where an invalid policy wanted its audit log, so its policy_error event lands where operators look. */
  private static String auditPathFromRawPolicy(String policyFile) {
    try {
      JsonNode path = new ObjectMapper().readTree(new File(policyFile)).path("audit").path("path");
      return path.isTextual() && !path.asText().isEmpty() ? path.asText() : null;
    } catch (Exception unreadable) {
      return null;
    }
  }

  private static String sha256Of(String file) {
    try {
      return Policy.sha256Hex(Files.readAllBytes(Paths.get(file)));
    } catch (Exception unreadable) {
      return "unreadable";
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static String shortHash(String sha256) {
    return sha256 == null || sha256.length() < 12 ? String.valueOf(sha256) : sha256.substring(0, 12);
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> properties = new HashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      properties.put(name, System.getProperty(name));
    }
    return properties;
  }
}
