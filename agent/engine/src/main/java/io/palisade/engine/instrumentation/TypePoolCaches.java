package io.palisade.engine.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Type pools whose resolved descriptions are cached per class loader, so that matching the
 * supertypes of thousands of classes parses each superclass file once. Loaders are held weakly: a
 * redeployed web application's loader and its cache can be collected.
 */
final class TypePoolCaches extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  /** Soft bound: a cache is dropped and rebuilt when it grows past this many descriptions. */
  private static final int MAX_ENTRIES_PER_LOADER = 20_000;

  private final Map<ClassLoader, TypePool.CacheProvider> caches = new WeakHashMap<>();
  private final TypePool.CacheProvider bootstrapCache = new TypePool.CacheProvider.Simple();

  TypePoolCaches() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader classLoader) {
    if (classLoader == null) {
      return bootstrapCache;
    }
    synchronized (caches) {
      TypePool.CacheProvider cache = caches.get(classLoader);
      if (cache == null || tooLarge(cache)) {
        cache = new TypePool.CacheProvider.Simple();
        caches.put(classLoader, cache);
      }
      return cache;
    }
  }

  private static boolean tooLarge(TypePool.CacheProvider cache) {
    return cache instanceof TypePool.CacheProvider.Simple
        && ((TypePool.CacheProvider.Simple) cache).getStorage().size() > MAX_ENTRIES_PER_LOADER;
  }
}
