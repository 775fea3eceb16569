package org.portrait.owners.entity;

public enum OwnerKind {
    USER, GROUP, CONTACT_FOLDER, CONTACT
}
