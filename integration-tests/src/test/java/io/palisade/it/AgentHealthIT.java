package io.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After real traffic (benign and blocked), the agent's own diagnostics show a clean run: no class
 * failed to transform, no internal failure was swallowed, and the JVM had nothing to warn about the
 * agent (Java 24+ warns when a library touches sun.misc.Unsafe).
 */
class AgentHealthIT {

  static List<String> databases() {
    return Databases.ALL;
  }

  @ParameterizedTest(name = "[{0}] the agent started cleanly and reported no failure")
  @MethodSource("databases")
  void agentDiagnosticsAreClean(String db) {
    AppProcess app = Apps.get(db, Apps.Kind.BLOCK);
    assertThat(Http.get(app, "/books?id=1", Http.JSON).status()).isEqualTo(200);
    assertThat(Http.get(app, "/books?id=1%20OR%201%3D1", Http.JSON).status()).isEqualTo(403);

    String stderr = app.stderrText();
    assertThat(stderr).as("agent start-up line").contains("[palisade] INFO Palisade ").contains("mode block");
    assertThat(stderr)
        .as("agent diagnostics of %s", app)
        .doesNotContain("failed to instrument")
        .doesNotContain("internal failure")
        .doesNotContain("sun.misc.Unsafe")
        .doesNotContain("[palisade] ERROR");
  }
}
