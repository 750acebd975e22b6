package io.palisade.it;

/** The inventory app on embedded Tomcat 9 (javax.servlet), with the agent. */
class Tomcat9IT extends InventoryContainerTests {
  Tomcat9IT() {
    super("tomcat9", "Apache Tomcat/9.0.", "h2");
  }
}
