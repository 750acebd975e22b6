package io.palisade.instrumentation.testing;

import io.palisade.bootstrap.EngineHooks;
import io.palisade.bootstrap.PalisadeBlockedException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Engine hooks that record every outbound check ("outbound CLIENT URL", "redirect CLIENT FROM -> TO",
 * "failure WHERE: ...") and block the URLs that contain {@link #blockedFragment}, so that a client
 * module's test sees exactly what its advice reports and what a block does to the client.
 */
public final class RecordingOutboundHooks extends EngineHooks {
  public final List<String> calls = new CopyOnWriteArrayList<>();
  public volatile String blockedFragment;
  private final Set<Object> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  /** Forgets the calls and the fragment, before each test. */
  public void reset() {
    calls.clear();
    blockedFragment = null;
  }

  @Override
  public void checkOutbound(Object connection, String url, String client) {
    if (connection != null && !seen.add(connection)) {
      return; // as the engine does: one check per connection and URL
    }
    calls.add("outbound " + client + " " + url);
    if (blockedFragment != null && url.contains(blockedFragment)) {
      throw new PalisadeBlockedException("test", "blocked");
    }
  }

  @Override
  public void checkOutboundRedirect(String from, String to, String client) {
    calls.add("redirect " + client + " " + from + " -> " + to);
    if (blockedFragment != null && to.contains(blockedFragment)) {
      throw new PalisadeBlockedException("test", "blocked");
    }
  }

  @Override
  public void reportFailure(String where, Throwable failure) {
    calls.add("failure " + where + ": " + failure);
  }
}
