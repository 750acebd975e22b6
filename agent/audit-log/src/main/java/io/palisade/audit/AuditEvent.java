package io.palisade.audit;

/** CONTRACT: one finding or lifecycle event; see DESIGN section 4. */
public final class AuditEvent {}
