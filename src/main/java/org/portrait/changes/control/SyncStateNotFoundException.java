package org.portrait.changes.control;

/** A delta token this feed can no longer answer (older than the kept history, or not this tenant's): 410. */
public class SyncStateNotFoundException extends RuntimeException {

    public SyncStateNotFoundException(String message) {
        super(message);
    }
}
