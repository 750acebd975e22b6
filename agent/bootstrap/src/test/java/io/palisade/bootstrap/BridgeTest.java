package io.palisade.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BridgeTest {
  private final RecordingHooks hooks = new RecordingHooks();

  @AfterEach
  void uninstall() {
    Bridge.install(null);
  }

  @Test
  void doesNothingWithoutAnEngine() {
    assertThat(Bridge.sqlEnter(this, "SELECT 1", "executeQuery")).isFalse();
    assertThat(Bridge.servletEnter(new Object(), new Object())).isNull();
    RuntimeException thrown = new RuntimeException();
    assertThat(Bridge.servletExit("scope", thrown)).isSameAs(thrown);
  }

  @Test
  void checksOnlyTheOutermostOfNestedSqlCalls() {
    Bridge.install(hooks);
    boolean outer = Bridge.sqlEnter(this, "SELECT 1", "executeQuery");
    boolean inner = Bridge.sqlEnter(this, "SELECT 1", "executeQuery");
    Bridge.sqlExit(inner);
    Bridge.sqlExit(outer);
    Bridge.sqlExit(Bridge.sqlEnter(this, "SELECT 2", "execute"));

    assertThat(hooks.checked).containsExactly("SELECT 1", "SELECT 2");
    assertThat(Bridge.SQL_DEPTH.current()).isZero();
  }

  @Test
  void aBlockLeavesTheCallDepthAsItFoundIt() {
    Bridge.install(hooks);
    hooks.blockNext = true;
    assertThatThrownBy(() -> Bridge.sqlEnter(this, "SELECT 1 OR 1=1", "executeQuery"))
        .isInstanceOf(PalisadeBlockedException.class);
    assertThat(Bridge.SQL_DEPTH.current()).isZero();

    Bridge.sqlExit(Bridge.sqlEnter(this, "SELECT 3", "executeQuery"));
    assertThat(hooks.checked).containsExactly("SELECT 1 OR 1=1", "SELECT 3");
  }

  @Test
  void anEngineFailureNeverReachesTheApplication() {
    Bridge.install(hooks);
    hooks.failNext = true;
    boolean entered = Bridge.sqlEnter(this, "SELECT 1", "executeQuery");
    Bridge.sqlExit(entered);

    assertThat(entered).isTrue();
    assertThat(hooks.failures).containsExactly("jdbc executeQuery");
    assertThat(Bridge.SQL_DEPTH.current()).isZero();
    assertThat(Bridge.servletEnter(new Object(), new Object())).isNull();
    assertThat(hooks.failures).containsExactly("jdbc executeQuery", "servlet entry");
  }

  @Test
  void findsTheBlockingExceptionInACauseChain() {
    PalisadeBlockedException blocked = new PalisadeBlockedException("e-1", "blocked");
    RuntimeException wrapped = new RuntimeException("framework", new IllegalStateException("dao", blocked));
    assertThat(PalisadeBlockedException.findIn(wrapped)).isSameAs(blocked);
    assertThat(PalisadeBlockedException.findIn(new RuntimeException("other"))).isNull();
    assertThat(PalisadeBlockedException.findIn(null)).isNull();
  }

  private static final class RecordingHooks extends EngineHooks {
    final List<String> checked = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    boolean blockNext;
    boolean failNext;

    @Override
    public Object requestEnter(Object request, Object response) {
      throw new IllegalStateException("engine bug");
    }

    @Override
    public void checkSql(Object jdbcObject, String sql, String method) {
      checked.add(sql);
      if (blockNext) {
        blockNext = false;
        throw new PalisadeBlockedException("e-1", "blocked");
      }
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("engine bug");
      }
      // A nested sink call made by the check itself (getMetaData running SQL) is not checked again.
      Bridge.sqlExit(Bridge.sqlEnter(jdbcObject, "SELECT nested", "executeQuery"));
    }

    @Override
    public void reportFailure(String where, Throwable failure) {
      failures.add(where);
    }
  }
}
