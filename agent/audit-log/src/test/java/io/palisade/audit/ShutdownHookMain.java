package io.palisade.audit;

import java.nio.file.Paths;

/** Run in a child JVM: writes events, never closes the log, and returns from main. */
public final class ShutdownHookMain {
  public static void main(String[] args) throws Exception {
    AuditLog log =
        AuditLog.open(AuditSettings.builder().path(Paths.get(args[0])).queueCapacity(64).build());
    log.registerShutdownHook();
    int n = Integer.parseInt(args[1]);
    for (int i = 0; i < n; i++) {
      log.write(AuditEvent.builder().eventId("s" + i).reason("shutdown test").build());
    }
    // No flush, no close: the shutdown hook must drain the queue.
  }
}
