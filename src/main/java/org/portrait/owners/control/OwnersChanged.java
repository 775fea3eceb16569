package org.portrait.owners.control;

/** Fired inside a transaction that creates, changes or deletes owners of a tenant. */
public record OwnersChanged(String tenantId) {
}
