package org.portrait.photos.control;

import java.util.List;
import org.portrait.owners.control.ResolvedOwner;

/** The available sizes of an owner's photo, smallest first; empty when there is no photo. */
public record PhotoList(ResolvedOwner owner, List<PhotoMetadata> photos) {
}
