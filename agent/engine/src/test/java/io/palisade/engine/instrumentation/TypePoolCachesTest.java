package io.palisade.engine.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The per-loader caches must not keep a class loader alive once the application dropped it. */
class TypePoolCachesTest {

  @Test
  void aLoaderWhoseClassesWereDescribedCanStillBeCollected() throws Exception {
    TypePoolCaches caches = new TypePoolCaches();
    WeakReference<ClassLoader> dropped = describeAClassThroughAThrowawayLoader(caches);

    for (int i = 0; i < 20 && dropped.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }

    assertThat(dropped.get()).as("the redeployed application's loader").isNull();
  }

  /** As a transformation does: describe a class of the loader, and its superclass, through the cache. */
  private static WeakReference<ClassLoader> describeAClassThroughAThrowawayLoader(TypePoolCaches caches) throws Exception {
    URL testClasses = Path.of(TypePoolCachesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {testClasses}, null)) {
      String name = Described.class.getName();
      TypePool pool = caches.typePool(AdviceTransformer.classFilesOf(loader), loader, name);
      // matching walks the supertypes: the superclass's description is parsed and kept in the loader's cache
      assertThat(pool.describe(name).resolve().getSuperClass().asErasure().getDeclaredMethods().filter(
          net.bytebuddy.matcher.ElementMatchers.named("service"))).hasSize(1);
      return new WeakReference<>(loader);
    }
  }

  static class Base {
    void service() {}
  }

  static class Described extends Base {}
}
