package io.palisade.engine.sql;

import io.palisade.detector.sql.RequestValues;
import io.palisade.detector.sql.SqlDialect;
import io.palisade.detector.sql.SqlFinding;
import io.palisade.detector.sql.SqlInjectionDetector;
import io.palisade.engine.context.RequestContext;
import io.palisade.engine.context.RequestInput;
import io.palisade.engine.findings.Finding;
import java.sql.Connection;

/** The JDBC sink: asks the SQL injection detector whether a request value changed the statement. */
public final class SqlInjectionCheck {
  public static final String DETECTOR = "sql_injection";

  /** The request's values and their decoded forms, prepared for the detector once per snapshot. */
  private static final RequestContext.Derivation<RequestValues> VALUES = inputs -> RequestValues.of(inputs.values());
  private static final RequestContext.Derivation<RequestValues> DECODED_VALUES =
      inputs -> RequestValues.of(inputs.decodedValues());

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
    SqlDialect dialect = dialects.dialectOf(jdbcObject);
    SqlFinding evidence = detector.detect(sql, dialect, inputs.derived(VALUES));
    RequestInput input;
    if (evidence != null) {
      input = inputs.get(evidence.valueIndex());
    } else if (!inputs.decodedValues().isEmpty()) {
      // Second look: a value the application decoded itself (Base64, a second URL decoding).
      evidence = detector.detect(sql, dialect, inputs.derived(DECODED_VALUES));
      if (evidence == null) {
        return null;
      }
      input = inputs.decoded().get(evidence.valueIndex());
    } else {
      return null;
    }
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
