package io.palisade.engine.sql;

import io.palisade.detector.sql.SqlFinding;
import io.palisade.detector.sql.SqlInjectionDetector;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.findings.Finding;
import java.sql.Connection;

/** The JDBC sink: asks the SQL injection detector whether a request value changed the statement. */
public final class SqlInjectionCheck {
  public static final String DETECTOR = "sql_injection";

  private final SqlInjectionDetector detector = new SqlInjectionDetector();
  private final SqlDialects dialects = new SqlDialects();

  /** The finding for this statement, or null when no request value changed its structure. */
  public Finding check(RequestContext context, Object jdbcObject, String sql, String method) {
    if (sql == null || sql.isEmpty()) {
      return null;
    }
    RequestContext.Inputs inputs = context.inputs();
    if (inputs.values().isEmpty()) {
      return null;
    }
    SqlFinding evidence = detector.detect(sql, dialects.dialectOf(jdbcObject), inputs.values());
    if (evidence == null) {
      return null;
    }
    RequestInput input = inputs.get(evidence.valueIndex());
    return new Finding(
        DETECTOR,
        "critical",
        "CWE-89",
        input,
        "sql",
        sinkMethod(jdbcObject, method),
        sql,
        "The request " + input.describe() + " reached this SQL statement unescaped. " + evidence.reason() + ".");
  }

  private static String sinkMethod(Object jdbcObject, String method) {
    String api = jdbcObject instanceof Connection ? "java.sql.Connection" : "java.sql.Statement";
    return api + "." + method + " (" + jdbcObject.getClass().getName() + ")";
  }
}
