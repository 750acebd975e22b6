package io.palisade.engine.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/** Class loader matchers that answer "is this library here?" once per loader. */
public final class ClassLoaderMatchers {
  private ClassLoaderMatchers() {}

  /** True when the loader (or its parents) can find any of the named classes. */
  public static ElementMatcher<ClassLoader> hasAnyClassNamed(String... classNames) {
    String[] resources = new String[classNames.length];
    for (int i = 0; i < classNames.length; i++) {
      resources[i] = classNames[i].replace('.', '/') + ".class";
    }
    return new HasClassMatcher(resources);
  }

  private static final class HasClassMatcher implements ElementMatcher<ClassLoader> {
    private final String[] resources;
    private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

    HasClassMatcher(String[] resources) {
      this.resources = resources;
    }

    @Override
    public boolean matches(ClassLoader loader) {
      if (loader == null) {
        // Bootstrap: none of the libraries we hook live there.
        return false;
      }
      synchronized (cache) {
        Boolean known = cache.get(loader);
        if (known != null) {
          return known;
        }
      }
      boolean found = false;
      for (String resource : resources) {
        if (loader.getResource(resource) != null) {
          found = true;
          break;
        }
      }
      synchronized (cache) {
        cache.put(loader, found);
      }
      return found;
    }
  }
}
