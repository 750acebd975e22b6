package io.palisade.instrumentation.jdbc;

import io.palisade.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined where SQL text enters a driver. Pools and wrappers call through several layers; the bridge
 * checks only the outermost call and blocks by throwing before the driver sees the statement.
 */
@SuppressWarnings("unused")
public final class SqlTextAdvice {
  private SqlTextAdvice() {}

  @Advice.OnMethodEnter
  public static boolean enter(
      @Advice.This Object jdbcObject, @Advice.Argument(0) String sql, @Advice.Origin("#m") String method) {
    return Bridge.sqlEnter(jdbcObject, sql, method);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Bridge.sqlExit(entered);
  }
}
