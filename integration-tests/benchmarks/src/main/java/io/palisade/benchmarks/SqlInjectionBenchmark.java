package io.palisade.benchmarks;

import io.palisade.detector.sql.RequestValues;
import io.palisade.detector.sql.SqlDialect;
import io.palisade.detector.sql.SqlFinding;
import io.palisade.detector.sql.SqlInjectionDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SqlInjectionDetector#detect} on statements of about 100, 300 and 2000 characters against 0, 5,
 * 20 and 50 request values. In every case but NONE, the first request value (a query parameter comes
 * first in a request's inputs) is the one that occurs in the statement; the others never do.
 *
 * <p>The engine prepares a request's values once ({@link RequestValues#of}) for all of the request's
 * statements; the detect benchmarks use values prepared so, and {@link #prepareRequestValues} measures
 * that preparation on its own (paid once per request, or again when more of its body has been read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqlInjectionBenchmark {

  /** The statement's length class: SHORT ~100, MEDIUM ~300, LONG ~2000 characters. */
  @Param({"SHORT", "MEDIUM", "LONG"})
  public String statement;

  /** How many values the request carried, the occurring one included. */
  @Param({"0", "5", "20", "50"})
  public int valueCount;

  /**
   * NONE: no request value occurs in the statement (the fast path). BENIGN_NUMBER: {@code 42} occurs
   * as a numeric literal. BENIGN_QUOTED: {@code O'Brien} occurs as the string literal
   * {@code 'O''Brien'}. ATTACK: {@code 1 OR 1=1} occurs and changes the statement's structure.
   * With 0 values every case is the empty list (no value can occur).
   */
  @Param({"NONE", "BENIGN_NUMBER", "BENIGN_QUOTED", "ATTACK"})
  public String occurrence;

  private final SqlInjectionDetector detector = new SqlInjectionDetector();
  private final SqlDialect dialect = SqlDialect.POSTGRESQL;
  private String sql;
  private List<String> values;
  private RequestValues prepared;
  private long next;

  /** Values a real request carries that occur in none of the statements below. */
  static final String[] NON_OCCURRING = {
    "1017", // query: page id
    "jane.doe@example.com",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "gzip, deflate, br",
    "127.0.0.1:8080",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "en-US,en;q=0.5",
    "keep-alive",
    "Jonathan",
    "no-cache",
    "3f2b9c1e-8d4a-4b6f-9e2a-7c5d1f0a9b8e",
    "https://shop.example.com/catalog?page=3",
    "max-age=0",
    "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "XMLHttpRequest",
    "9c1e5a7f0b3d",
    "cross-site",
    "navigate",
    "document",
    "?1",
    "Wed, 21 Oct 2025 07:28:00 GMT",
    "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"",
    "203.0.113.195",
    "desc",
    "created_at_desc",
    "Schmidt",
    "alice.smith+shop@mail.example.org",
    "a8f5f167f44f4964e6c998dee827110c",
    "application/json",
    "application/json; charset=utf-8",
    "2048",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "shop.example.com",
    "https",
    "sv-SE",
    "Winterjacke",
    "EUR",
    "X-Requested-With, Content-Type",
    "1.1 varnish",
    "4815",
    "bob@example.net",
    "Müller",
    "HIT",
    "198.51.100.23, 10.0.0.4",
    "en-GB",
    "trailers",
    "sess_7Hq2",
    "0.8",
    "__Host-session",
    "dark",
  };

  /** Statements with one slot, {@code %s}, for the literal the case puts there. */
  static final String SHORT_SQL =
      "SELECT o.id, o.total, o.status FROM orders o WHERE o.customer_ref = %s ORDER BY o.created_at LIMIT 20";

  static final String MEDIUM_SQL =
      "SELECT o.id, o.order_number, o.total_amount, o.currency, o.status, c.first_name, c.last_name, c.email, "
          + "a.city, a.postal_code FROM orders o INNER JOIN customers c ON c.id = o.customer_id "
          + "LEFT JOIN addresses a ON a.id = o.shipping_address_id WHERE o.customer_ref = %s "
          + "AND o.deleted = FALSE ORDER BY o.created_at DESC LIMIT 50";

  static final String LONG_SQL =
      "INSERT INTO order_audit (order_id, customer_id, action, actor, total_amount, currency, item_count, "
          + "created_at, payload) SELECT o.id, o.customer_id, 'RECALCULATED', 'billing-service', "
          + "COALESCE(SUM(li.quantity * li.unit_price), 0) - COALESCE(MAX(d.amount), 0), o.currency, "
          + "COUNT(li.id), CURRENT_TIMESTAMP, 'batch' FROM orders o "
          + "INNER JOIN customers c ON c.id = o.customer_id "
          + "INNER JOIN line_items li ON li.order_id = o.id AND li.cancelled = FALSE "
          + "LEFT JOIN products p ON p.id = li.product_id "
          + "LEFT JOIN product_categories pc ON pc.id = p.category_id "
          + "LEFT JOIN discounts d ON d.order_id = o.id AND d.valid_until > CURRENT_TIMESTAMP "
          + "LEFT JOIN shipments s ON s.order_id = o.id "
          + "LEFT JOIN warehouses w ON w.id = s.warehouse_id "
          + "LEFT JOIN addresses sa ON sa.id = o.shipping_address_id "
          + "LEFT JOIN addresses ba ON ba.id = o.billing_address_id "
          + "LEFT JOIN payment_methods pm ON pm.id = o.payment_method_id "
          + "WHERE o.customer_ref = %s AND o.status IN ('PENDING', 'CONFIRMED', 'PACKED') "
          + "AND c.account_state <> 'SUSPENDED' AND p.active = TRUE AND pc.visible = TRUE "
          + "AND (s.id IS NULL OR s.state <> 'DELIVERED') AND w.region = 'EU-CENTRAL' "
          + "AND sa.country_code IN ('DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'FR', 'IT', 'ES', 'PT') "
          + "AND ba.country_code IS NOT NULL AND pm.kind <> 'VOUCHER' "
          + "AND o.created_at >= CURRENT_DATE - INTERVAL '30 days' "
          + "AND NOT EXISTS (SELECT 1 FROM order_audit oa WHERE oa.order_id = o.id "
          + "AND oa.action = 'RECALCULATED' AND oa.created_at > CURRENT_DATE) "
          + "AND o.id IN (SELECT li2.order_id FROM line_items li2 INNER JOIN products p2 ON p2.id = li2.product_id "
          + "WHERE p2.price_changed_at > CURRENT_DATE - INTERVAL '1 day' GROUP BY li2.order_id) "
          + "GROUP BY o.id, o.customer_id, o.currency, c.loyalty_tier, pm.kind, w.region "
          + "HAVING COUNT(li.id) > 0 AND SUM(li.quantity) < 10000 "
          + "UNION ALL SELECT r.order_id, r.customer_id, 'REFUND_RECALCULATED', 'billing-service', "
          + "-SUM(r.amount), r.currency, COUNT(r.id), CURRENT_TIMESTAMP, 'batch' FROM refunds r "
          + "INNER JOIN orders ro ON ro.id = r.order_id INNER JOIN customers rc ON rc.id = ro.customer_id "
          + "WHERE r.state = 'APPROVED' AND r.processed_at IS NULL AND rc.account_state <> 'SUSPENDED' "
          + "AND r.created_at >= CURRENT_DATE - INTERVAL '30 days' AND ro.status <> 'CANCELLED' "
          + "GROUP BY r.order_id, r.customer_id, r.currency HAVING SUM(r.amount) > 0 "
          + "ORDER BY 1, 2 FOR UPDATE SKIP LOCKED";

  @Setup(Level.Trial)
  public void setUp() {
    String template;
    switch (statement) {
      case "SHORT": template = SHORT_SQL; break;
      case "MEDIUM": template = MEDIUM_SQL; break;
      case "LONG": template = LONG_SQL; break;
      default: throw new IllegalArgumentException(statement);
    }
    String literal;
    String occurring;
    switch (occurrence) {
      case "NONE": literal = "?"; occurring = null; break;
      case "BENIGN_NUMBER": literal = "42"; occurring = "42"; break;
      case "BENIGN_QUOTED": literal = "'O''Brien'"; occurring = "O'Brien"; break;
      case "ATTACK": literal = "1 OR 1=1"; occurring = "1 OR 1=1"; break;
      default: throw new IllegalArgumentException(occurrence);
    }
    sql = String.format(template, literal);

    List<String> list = new ArrayList<>(valueCount);
    if (valueCount > 0 && occurring != null) {
      list.add(occurring);
    }
    for (int i = 0; list.size() < valueCount; i++) {
      list.add(NON_OCCURRING[i]);
    }
    values = Collections.unmodifiableList(list);
    prepared = RequestValues.of(values);

    // The inputs must be what the case says, or the figures mean nothing.
    for (String value : values) {
      if (!value.equals(occurring) && sql.contains(value)) {
        throw new IllegalStateException("value occurs in the statement by accident: " + value);
      }
    }
    for (int i = 0; i < 1000; i++) {
      String oneOff = oneOffStatement(i);
      for (String value : values) {
        if (!value.equals(occurring) && oneOff.contains(value)) {
          throw new IllegalStateException("value occurs in a one-off statement by accident: " + value);
        }
      }
    }
    SqlFinding finding = detector.detect(sql, dialect, prepared);
    boolean expectFinding = "ATTACK".equals(occurrence) && valueCount > 0;
    if ((finding != null) != expectFinding) {
      throw new IllegalStateException("unexpected detector result " + finding + " for " + occurrence);
    }
  }

  /** A statement the application sends again and again (a prepared statement, an ORM query). */
  @Benchmark
  public void detect(Blackhole blackhole) {
    blackhole.consume(detector.detect(sql, dialect, prepared));
  }

  /** Preparing the request's values for the detector: once per request, not per statement. */
  @Benchmark
  public void prepareRequestValues(Blackhole blackhole) {
    blackhole.consume(RequestValues.of(values));
  }

  /**
   * A statement never seen before (SQL concatenated with a value that is not a request value): no cache
   * helps. Includes building the statement; {@link #buildOneOffStatementOnly} measures that part alone.
   */
  @Benchmark
  public void detectOneOffStatement(Blackhole blackhole) {
    blackhole.consume(detector.detect(oneOffStatement(next++), dialect, prepared));
  }

  /** The baseline of {@link #detectOneOffStatement}: the application's own work of building the statement. */
  @Benchmark
  public void buildOneOffStatementOnly(Blackhole blackhole) {
    blackhole.consume(oneOffStatement(next++));
  }

  /**
   * The case's statement with a distinct trailing comment: {@code n} in base 3 written with the letters
   * Q, Z and J, which no value of the pool contains, so no value can occur in it by accident.
   */
  private String oneOffStatement(long n) {
    StringBuilder sb = new StringBuilder(sql.length() + 48).append(sql).append(" -- batch ");
    do {
      sb.append("QZJ".charAt((int) (n % 3)));
      n /= 3;
    } while (n > 0);
    return sb.toString();
  }

  /** The statement lengths, for the README. */
  public static void main(String[] args) {
    System.out.println("SHORT " + String.format(SHORT_SQL, "?").length());
    System.out.println("MEDIUM " + String.format(MEDIUM_SQL, "?").length());
    System.out.println("LONG " + String.format(LONG_SQL, "?").length());
  }
}
