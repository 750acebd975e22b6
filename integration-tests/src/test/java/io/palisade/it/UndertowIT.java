package io.palisade.it;

/** The inventory app on embedded Undertow 2.3 (jakarta.servlet), against H2 and MariaDB, with the agent. */
class UndertowIT extends InventoryContainerTests {
  UndertowIT() {
    super("undertow", "Undertow 2.3.", "h2", "mariadb");
  }
}
