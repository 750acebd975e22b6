package io.palisade.audit;

/** CONTRACT: background JSON Lines writer that never drops an event. */
public final class AuditLog {}
