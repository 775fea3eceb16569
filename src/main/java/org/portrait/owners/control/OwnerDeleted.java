package org.portrait.owners.control;

import java.util.List;

/** Fired inside the deleting transaction so that whatever belongs to these owners goes with them. */
public record OwnerDeleted(List<String> ownerKeys) {
}
