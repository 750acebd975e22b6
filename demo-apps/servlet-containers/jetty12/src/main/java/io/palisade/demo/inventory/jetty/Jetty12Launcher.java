package io.palisade.demo.inventory.jetty;

import io.palisade.demo.inventory.InventoryApp;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The inventory app (jakarta.servlet) on embedded Jetty 12 with the ee10 servlet environment. */
public final class Jetty12Launcher {
  private Jetty12Launcher() {}

  public static void main(String[] args) throws Exception {
    InventoryApp.Options options = InventoryApp.optionsOrExit("jetty12", args);
    InventoryApp app = InventoryApp.start(options);

    // Jetty's acceptor and selector threads come out of the same pool as the request threads.
    Server server = new Server(new QueuedThreadPool(options.threads + 8));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(options.port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    for (InventoryApp.FilterRoute route : app.filters()) {
      for (String pattern : route.patterns) {
        FilterHolder holder = new FilterHolder(route.filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST));
      }
    }
    ServletHandler servlets = context.getServletHandler();
    for (InventoryApp.ServletRoute route : app.servlets()) {
      ServletHolder holder = new ServletHolder(route.name, route.servlet);
      holder.setAsyncSupported(true);
      servlets.addServlet(holder);
      ServletMapping mapping = new ServletMapping();
      mapping.setServletName(route.name);
      mapping.setPathSpecs(route.patterns.toArray(new String[0]));
      servlets.addServletMapping(mapping);
    }
    ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
    errorPages.addErrorPage(500, InventoryApp.ERROR_PAGE);
    context.setErrorHandler(errorPages);
    server.setHandler(context);
    server.setStopAtShutdown(true);

    server.start();
    InventoryApp.listening("Jetty " + Server.getVersion(), connector.getLocalPort());
    server.join();
  }
}
