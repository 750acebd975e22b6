package io.palisade.it;

/** The inventory app on embedded Jetty 10 (javax.servlet), with the agent. */
class Jetty10IT extends InventoryContainerTests {
  Jetty10IT() {
    super("jetty10", "Jetty 10.0.", "h2");
  }
}
