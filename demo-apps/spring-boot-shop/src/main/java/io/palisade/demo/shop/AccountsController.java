package io.palisade.demo.shop;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Account look-up by a path variable: the vulnerable endpoint and its safe twin. */
@RestController
class AccountsController {

  private final JdbcTemplate jdbc;

  AccountsController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** VULNERABLE: the path variable is concatenated into the WHERE clause. */
  @GetMapping("/api/accounts/{username}")
  ResponseEntity<?> account(@PathVariable String username) {
    return oneOrNotFound(findConcatenated(jdbc, username));
  }

  /** Safe twin: a bound parameter. */
  @GetMapping("/api/safe/accounts/{username}")
  ResponseEntity<?> safeAccount(@PathVariable String username) {
    return oneOrNotFound(jdbc.query("SELECT " + Rows.ACCOUNT_COLUMNS + " FROM shop_accounts WHERE username = ?",
        Rows.ACCOUNT, username));
  }

  /** The vulnerable look-up, shared with the asynchronous endpoint. */
  static List<Rows.Account> findConcatenated(JdbcTemplate jdbc, String username) {
    return jdbc.query("SELECT " + Rows.ACCOUNT_COLUMNS + " FROM shop_accounts WHERE username = '" + username + "'",
        Rows.ACCOUNT);
  }

  static ResponseEntity<?> oneOrNotFound(List<Rows.Account> accounts) {
    if (accounts.isEmpty()) {
      return ResponseEntity.status(404).body(java.util.Map.of("error", "no_such_account"));
    }
    // A tautology returns every account: the API answers with all of them, as careless code would.
    return ResponseEntity.ok(accounts.size() == 1 ? accounts.get(0) : accounts);
  }
}
