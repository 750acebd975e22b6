package io.palisade.it;

/** The inventory app on embedded Jetty 12, ee10 (jakarta.servlet), against H2 and PostgreSQL, with the agent. */
class Jetty12IT extends InventoryContainerTests {
  Jetty12IT() {
    super("jetty12", "Jetty 12.", "h2", "postgresql");
  }
}
