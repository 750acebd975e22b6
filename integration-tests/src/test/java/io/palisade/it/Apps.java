package io.palisade.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The long-running apps shared by the tests: one per (database, kind), started on first use and
 * stopped when the test JVM exits. Tests run one after another, so a PostgreSQL or MariaDB app that
 * starts (and re-seeds the shared tables with the same fixed data) never races another's requests.
 */
final class Apps {
  enum Kind {
    /** The same app without the agent: the reference for every "unchanged" comparison. */
    NO_AGENT,
    BLOCK,
    MONITOR,
    /** Block mode with one Tomcat worker thread, so every request reuses the same pooled thread. */
    BLOCK_ONE_THREAD
  }

  private static final Map<String, AppProcess> RUNNING = new LinkedHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Apps::stopAll, "it-apps-stop"));
  }

  private Apps() {}

  static synchronized AppProcess get(String db, Kind kind) {
    String name = kind.name().toLowerCase().replace('_', '-') + "-" + db;
    AppProcess app = RUNNING.get(name);
    if (app != null && app.process.isAlive()) {
      return app;
    }
    if (app != null) {
      throw new AssertionError("shared app " + name + " died\n" + app.outputs());
    }
    AppProcess.Spec spec = new AppProcess.Spec(name, db);
    switch (kind) {
      case NO_AGENT:
        break;
      case BLOCK:
        spec.agent(AppProcess.policy("it-block-" + db, "block", AppProcess.dirFor(name)));
        break;
      case MONITOR:
        spec.agent(AppProcess.policy("it-monitor-" + db, "monitor", AppProcess.dirFor(name)));
        break;
      case BLOCK_ONE_THREAD:
        spec.agent(AppProcess.policy("it-pooled-" + db, "block", AppProcess.dirFor(name))).appArg("--threads=1");
        break;
      default:
        throw new IllegalArgumentException(kind.name());
    }
    try {
      app = AppProcess.start(spec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RUNNING.put(name, app);
    return app;
  }

  private static synchronized void stopAll() {
    RUNNING.values().forEach(AppProcess::close);
    RUNNING.clear();
  }
}
