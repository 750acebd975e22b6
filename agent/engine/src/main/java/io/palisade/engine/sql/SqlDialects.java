package io.palisade.engine.sql;

import io.palisade.detector.sql.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the SQL dialect of the connection a statement runs on. Known driver classes answer by
 * name, pool proxies by the driver connection they wrap; anything else asks the connection's
 * metadata once, cached per connection.
 * Metadata calls may run SQL themselves; the bridge's call-depth guard makes those nested calls
 * pass unchecked.
 */
public final class SqlDialects {
  private static final ClassValue<SqlDialect> BY_DRIVER_CLASS =
      new ClassValue<SqlDialect>() {
        @Override
        protected SqlDialect computeValue(Class<?> type) {
          return byPackage(type.getName());
        }
      };

  private final Map<Connection, SqlDialect> byConnection = Collections.synchronizedMap(new WeakHashMap<>());

  public SqlDialect dialectOf(Object jdbcObject) {
    SqlDialect byClass = BY_DRIVER_CLASS.get(jdbcObject.getClass());
    if (byClass != null) {
      return byClass;
    }
    try {
      Connection connection =
          jdbcObject instanceof Connection
              ? (Connection) jdbcObject
              : jdbcObject instanceof Statement ? ((Statement) jdbcObject).getConnection() : null;
      if (connection == null) {
        return SqlDialect.ANSI;
      }
      SqlDialect known = BY_DRIVER_CLASS.get(connection.getClass());
      if (known != null) {
        return known;
      }
      // Pools hand out proxies; the driver's connection behind them names the dialect without a lock.
      SqlDialect unwrapped = dialectOfDelegate(connection);
      if (unwrapped != null) {
        return unwrapped;
      }
      SqlDialect cached = byConnection.get(connection);
      if (cached != null) {
        return cached;
      }
      SqlDialect fromMetadata = SqlDialect.fromProductName(connection.getMetaData().getDatabaseProductName());
      byConnection.put(connection, fromMetadata);
      return fromMetadata;
    } catch (SQLException | RuntimeException e) {
      return SqlDialect.ANSI;
    }
  }

  private static SqlDialect dialectOfDelegate(Connection connection) {
    try {
      if (connection.isWrapperFor(Connection.class)) {
        Connection delegate = connection.unwrap(Connection.class);
        if (delegate != null && delegate != connection) {
          return BY_DRIVER_CLASS.get(delegate.getClass());
        }
      }
    } catch (SQLException | RuntimeException | AbstractMethodError notAWrapper) {
      // an old driver or a wrapper that refuses: fall back to the metadata
    }
    return null;
  }

  private static SqlDialect byPackage(String className) {
    if (className.startsWith("org.h2.")) {
      return SqlDialect.H2;
    }
    if (className.startsWith("org.postgresql.")) {
      return SqlDialect.POSTGRESQL;
    }
    if (className.startsWith("org.mariadb.") || className.startsWith("com.mysql.")) {
      return SqlDialect.MYSQL;
    }
    return null;
  }
}
