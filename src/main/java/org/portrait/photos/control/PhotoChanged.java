package org.portrait.photos.control;

/** Fired inside the transaction that replaces or removes an owner's photo. */
public record PhotoChanged(String ownerKey) {
}
