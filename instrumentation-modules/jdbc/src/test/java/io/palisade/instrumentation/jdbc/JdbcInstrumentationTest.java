package io.palisade.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.palisade.bootstrap.Bridge;
import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import io.palisade.engine.instrumentation.AgentInstaller;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real instrumentation, installed into this JVM, in front of a real driver (H2): every path that
 * hands SQL text to a driver reaches the bridge exactly once, before the driver runs it.
 */
class JdbcInstrumentationTest {
  private static final RecordingHooks hooks = new RecordingHooks();
  private static AgentInstaller installer;

  @BeforeAll
  static void installAgent() {
    Bridge.install(hooks);
    installer = new AgentInstaller();
    installer.install(ByteBuddyAgent.install(), true);
  }

  @AfterAll
  static void uninstall() {
    Bridge.install(null);
  }

  @BeforeEach
  void forget() {
    hooks.checked.clear();
    hooks.blocked = null;
  }

  @Test
  void everyMethodThatTakesSqlTextIsCheckedOnce() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:paths;DB_CLOSE_DELAY=-1");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t(id INT)");
      statement.executeUpdate("INSERT INTO t VALUES (1)");
      statement.executeQuery("SELECT id FROM t").close();
      statement.executeLargeUpdate("UPDATE t SET id = 2");
      statement.addBatch("INSERT INTO t VALUES (3)");
      statement.executeBatch();
      connection.prepareStatement("SELECT id FROM t WHERE id = ?").close();
      connection.prepareCall("SELECT 1").close();
      connection.nativeSQL("SELECT 2");
    }

    assertThat(hooks.checked)
        .containsExactly(
            "execute: CREATE TABLE t(id INT)",
            "executeUpdate: INSERT INTO t VALUES (1)",
            "executeQuery: SELECT id FROM t",
            "executeLargeUpdate: UPDATE t SET id = 2",
            "addBatch: INSERT INTO t VALUES (3)",
            "prepareStatement: SELECT id FROM t WHERE id = ?",
            "prepareCall: SELECT 1",
            "nativeSQL: SELECT 2");
    assertThat(installer.transformFailures()).isZero();
  }

  @Test
  void aWrapperAroundTheDriverIsCheckedOnlyAtTheOutermostCall() throws Exception {
    try (Connection driverConnection = DriverManager.getConnection("jdbc:h2:mem:wrapped;DB_CLOSE_DELAY=-1")) {
      // A pool-like proxy that delegates to the driver's connection: two instrumented layers.
      Connection pooled =
          (Connection)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (proxy, method, args) -> {
                    try {
                      return method.invoke(driverConnection, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      pooled.prepareStatement("SELECT 1").close();
    }

    assertThat(hooks.checked).containsExactly("prepareStatement: SELECT 1");
  }

  @Test
  void aBlockStopsTheStatementBeforeTheDriverRunsIt() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:block;DB_CLOSE_DELAY=-1");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE kept(id INT)");
      hooks.blocked = "DROP TABLE kept";

      assertThatThrownBy(() -> statement.execute("DROP TABLE kept")).isInstanceOf(PalisadeBlockedException.class);

      hooks.blocked = null;
      try (ResultSet tables =
          statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'KEPT'")) {
        tables.next();
        assertThat(tables.getInt(1)).as("the table survived").isEqualTo(1);
      }
    }
  }

  /** Stands in for the engine: records every SQL check and blocks the statement it is told to. */
  private static final class RecordingHooks extends EngineHooks {
    final List<String> checked = new CopyOnWriteArrayList<>();
    volatile String blocked;

    @Override
    public void checkSql(Object jdbcObject, String sql, String method) {
      checked.add(method + ": " + sql);
      if (sql.equals(blocked)) {
        throw new PalisadeBlockedException("test", "blocked by the test");
      }
    }

    @Override
    public void reportFailure(String where, Throwable failure) {
      throw new AssertionError("internal failure in " + where, failure);
    }
  }
}
