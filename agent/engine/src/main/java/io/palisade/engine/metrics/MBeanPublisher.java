package io.palisade.engine.metrics;

import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

/**
 * Registers the agent's MBean once something in the JVM serves JMX. Creating the platform MBean server
 * ourselves costs a start-up's worth of work the application may never need (about 180 management
 * classes and the platform MXBeans, some 100 ms of CPU while the application starts); every way to read
 * the bean (JConsole or VisualVM attaching, a JMX exporter, {@code com.sun.management.jmxremote},
 * Spring's JMX support) creates that server first, and then the next poll registers the bean.
 */
public final class MBeanPublisher {
  private final AgentMBean bean;
  /** Registered, or given up after a failure: nothing more to do. */
  private volatile boolean finished;

  public MBeanPublisher(AgentMBean bean) {
    this.bean = bean;
  }

  /**
   * Registers the bean if an MBean server exists; cheap when none does (one synchronised list copy).
   *
   * @return true once the bean is registered
   */
  public boolean publishIfServed() throws Exception {
    if (finished) {
      return true;
    }
    // The platform server is created through MBeanServerFactory, which lists every server it made.
    List<MBeanServer> servers = MBeanServerFactory.findMBeanServer(null);
    if (servers.isEmpty()) {
      return false;
    }
    publishNow();
    return true;
  }

  /** Registers the bean with the platform MBean server now, creating that server if need be. */
  public void publishNow() throws Exception {
    bean.register();
    finished = true;
  }

  /** Stops trying after a failure that was reported once. */
  public void giveUp() {
    finished = true;
  }

  public boolean isFinished() {
    return finished;
  }
}
