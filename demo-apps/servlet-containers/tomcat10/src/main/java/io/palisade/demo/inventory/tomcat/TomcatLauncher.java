package io.palisade.demo.inventory.tomcat;

import io.palisade.demo.inventory.InventoryApp;
import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The inventory app on embedded Tomcat. The same source builds the Tomcat 10.1 (jakarta) and the
 * Tomcat 9 (javax) launcher: it names no servlet type, and Tomcat's embedding API is the same in both.
 */
public final class TomcatLauncher {
  private TomcatLauncher() {}

  public static void main(String[] args) throws Exception {
    InventoryApp.Options options = InventoryApp.optionsOrExit("tomcat", args);
    InventoryApp app = InventoryApp.start(options);

    Tomcat tomcat = new Tomcat();
    File baseDir = Files.createTempDirectory("inventory-tomcat").toFile();
    baseDir.deleteOnExit();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    tomcat.setPort(options.port);
    Connector connector = tomcat.getConnector();
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("maxThreads", Integer.toString(options.threads));
    connector.setProperty("minSpareThreads", Integer.toString(Math.min(options.threads, 10)));

    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    for (InventoryApp.FilterRoute route : app.filters()) {
      FilterDef def = new FilterDef();
      def.setFilterName(route.name);
      def.setFilter(route.filter);
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(route.name);
      route.patterns.forEach(map::addURLPatternDecoded);
      context.addFilterMap(map);
    }
    for (InventoryApp.ServletRoute route : app.servlets()) {
      Tomcat.addServlet(context, route.name, route.servlet).setAsyncSupported(true);
      route.patterns.forEach(pattern -> context.addServletMappingDecoded(pattern, route.name));
    }
    ErrorPage errorPage = new ErrorPage();
    errorPage.setErrorCode(500);
    errorPage.setLocation(InventoryApp.ERROR_PAGE);
    context.addErrorPage(errorPage);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception ignored) {
        // shutting down anyway
      }
    }, "inventory-shutdown"));
    tomcat.start();
    InventoryApp.listening(ServerInfo.getServerInfo(), connector.getLocalPort());
    tomcat.getServer().await();
  }
}
