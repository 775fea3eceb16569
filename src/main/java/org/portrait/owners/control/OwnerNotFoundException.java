package org.portrait.owners.control;

/** No such user, group, folder or contact in the caller's tenant. Maps to 404. */
public class OwnerNotFoundException extends RuntimeException {

    public OwnerNotFoundException(String id) {
        super("Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
    }
}
