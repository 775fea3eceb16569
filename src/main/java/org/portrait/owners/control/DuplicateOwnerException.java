package org.portrait.owners.control;

import org.portrait.errors.entity.InvalidRequestException;

/** Another object in the tenant already has this id or userPrincipalName. Graph answers 400. */
public class DuplicateOwnerException extends InvalidRequestException {

    public DuplicateOwnerException(String property) {
        super("Request_BadRequest", "Another object with the same value for property " + property + " already exists.");
    }
}
