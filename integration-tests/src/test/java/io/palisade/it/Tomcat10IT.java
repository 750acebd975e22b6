package io.palisade.it;

/** The inventory app on embedded Tomcat 10.1 (jakarta.servlet), with the agent. */
class Tomcat10IT extends InventoryContainerTests {
  Tomcat10IT() {
    super("tomcat10", "Apache Tomcat/10.1.", "h2");
  }
}
