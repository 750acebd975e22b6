package io.palisade.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the engine and its shaded dependencies from the {@code inst/} folder of the agent jar, where
 * class files are stored as {@code .classdata} so that no application class loader can ever find
 * them. Its parent is the platform class loader: the engine sees the JDK (including java.sql) and
 * the bootstrap bridge, and nothing of the application.
 */
final class EngineClassLoader extends ClassLoader {
  static final String PREFIX = "inst/";
  private static final String CLASS_SUFFIX = ".classdata";

  static {
    registerAsParallelCapable();
  }

  private final JarFile agentJar;
  private final String jarUrlPrefix;
  private final ProtectionDomain protectionDomain;

  EngineClassLoader(File agentJarFile, ClassLoader parent) throws IOException {
    super("palisade-engine", parent);
    this.agentJar = new JarFile(agentJarFile, false);
    URL jarUrl = agentJarFile.toURI().toURL();
    this.jarUrlPrefix = "jar:" + jarUrl.toExternalForm() + "!/";
    this.protectionDomain =
        new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String entryName = PREFIX + name.replace('.', '/') + CLASS_SUFFIX;
    JarEntry entry = agentJar.getJarEntry(entryName);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = agentJar.getInputStream(entry)) {
      bytes = readAll(in);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageFor(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  private void definePackageFor(String className) {
    int lastDot = className.lastIndexOf('.');
    if (lastDot <= 0) {
      return;
    }
    String packageName = className.substring(0, lastDot);
    if (getDefinedPackage(packageName) == null) {
      try {
        definePackage(packageName, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException alreadyDefinedConcurrently) {
        // another thread won the race: fine
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String entryName = entryNameFor(name);
    if (agentJar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrlPrefix + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }

  /** Byte Buddy reads advice class files as resources: map {@code X.class} to {@code inst/X.classdata}. */
  private static String entryNameFor(String resourceName) {
    String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
    if (name.endsWith(".class")) {
      return PREFIX + name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX;
    }
    return PREFIX + name;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, in.available()));
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) != -1) {
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }
}
