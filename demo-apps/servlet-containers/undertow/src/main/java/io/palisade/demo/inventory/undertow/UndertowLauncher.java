package io.palisade.demo.inventory.undertow;

import io.palisade.demo.inventory.InventoryApp;
import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;

/** The inventory app (jakarta.servlet) on embedded Undertow's servlet container. */
public final class UndertowLauncher {
  private UndertowLauncher() {}

  public static void main(String[] args) throws Exception {
    InventoryApp.Options options = InventoryApp.optionsOrExit("undertow", args);
    InventoryApp app = InventoryApp.start(options);

    DeploymentInfo deployment = Servlets.deployment()
        .setClassLoader(UndertowLauncher.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("inventory");
    for (InventoryApp.FilterRoute route : app.filters()) {
      deployment.addFilter(Servlets.filter(route.name, route.filter.getClass(),
          new ImmediateInstanceFactory<Filter>(route.filter)).setAsyncSupported(true));
      for (String pattern : route.patterns) {
        deployment.addFilterUrlMapping(route.name, pattern, DispatcherType.REQUEST);
      }
    }
    for (InventoryApp.ServletRoute route : app.servlets()) {
      deployment.addServlet(Servlets.servlet(route.name, route.servlet.getClass(),
              new ImmediateInstanceFactory<Servlet>(route.servlet))
          .addMappings(route.patterns)
          .setAsyncSupported(true));
    }
    deployment.addErrorPage(Servlets.errorPage(InventoryApp.ERROR_PAGE, 500));

    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    HttpHandler handler = manager.start();
    Undertow server = Undertow.builder()
        .addHttpListener(options.port, "127.0.0.1")
        .setWorkerThreads(options.threads)
        .setHandler(handler)
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "inventory-shutdown"));
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    InventoryApp.listening("Undertow " + Version.getVersionString(), port);
  }
}
