package io.palisade.instrumentation.jdbc;

import io.palisade.engine.instrumentation.InstrumentationModule;
import io.palisade.engine.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Every path that hands SQL text to a driver, for any driver: {@code Statement.execute*},
 * {@code executeLargeUpdate}, {@code addBatch}, {@code Connection.prepareStatement},
 * {@code prepareCall} and {@code nativeSQL}. PreparedStatement's no-argument execute methods are not
 * hooked: their SQL was checked when it was prepared.
 */
public final class JdbcInstrumentationModule implements InstrumentationModule {
  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new SqlTextInstrumentation(
            "java.sql.Statement", "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"),
        new SqlTextInstrumentation("java.sql.Connection", "prepareStatement", "prepareCall", "nativeSQL"));
  }
}
