package org.portrait.owners.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * A user, group, contact folder or contact. One table for all kinds: they share identity, tenant and
 * naming, and photos refer to any of them by {@code key}. {@code objectId} is the Graph id clients see;
 * {@code key} is internal, so two tenants may hold the same object id.
 */
@Entity
@Table(name = "owner")
@NamedQuery(name = Owner.BY_OBJECT_ID, query = "SELECT o FROM Owner o WHERE o.tenantId = :tenant AND o.kind = :kind AND o.objectId = :id")
@NamedQuery(name = Owner.USER_BY_ID_OR_UPN, query = "SELECT o FROM Owner o WHERE o.tenantId = :tenant AND o.kind = org.portrait.owners.entity.OwnerKind.USER AND (o.objectId = :key OR o.upnLower = :key)")
@NamedQuery(name = Owner.USER_BY_UPN, query = "SELECT o FROM Owner o WHERE o.tenantId = :tenant AND o.kind = org.portrait.owners.entity.OwnerKind.USER AND o.upnLower = :upn")
@NamedQuery(name = Owner.OF_KIND, query = "SELECT o FROM Owner o WHERE o.tenantId = :tenant AND o.kind = :kind ORDER BY o.displayName, o.objectId")
@NamedQuery(name = Owner.CHILDREN, query = "SELECT o FROM Owner o WHERE o.parentKey = :parent AND o.kind = :kind ORDER BY o.displayName, o.objectId")
@NamedQuery(name = Owner.CONTACTS_IN_DEFAULT_FOLDER, query = "SELECT o FROM Owner o WHERE o.parentKey = :parent AND o.kind = org.portrait.owners.entity.OwnerKind.CONTACT AND o.folderKey IS NULL ORDER BY o.displayName, o.objectId")
@NamedQuery(name = Owner.CONTACTS_IN_FOLDER, query = "SELECT o FROM Owner o WHERE o.folderKey = :folder ORDER BY o.displayName, o.objectId")
@NamedQuery(name = Owner.PAGE_OF_KIND, query = "SELECT o FROM Owner o WHERE o.tenantId = :tenant AND o.kind = :kind AND o.objectId > :after ORDER BY o.objectId")
@NamedQuery(name = Owner.OF_KIND_BY_IDS, query = "SELECT o FROM Owner o WHERE o.tenantId = :tenant AND o.kind = :kind AND o.objectId IN :ids")
@NamedQuery(name = Owner.BY_KEYS, query = "SELECT o FROM Owner o WHERE o.key IN :keys")
@NamedQuery(name = Owner.KEYS_OWNED_BY, query = "SELECT o.key FROM Owner o WHERE o.parentKey = :parent")
@NamedQuery(name = Owner.DELETE_OWNED_BY, query = "DELETE FROM Owner o WHERE o.parentKey = :parent")
@NamedQuery(name = Owner.KEYS_IN_FOLDER, query = "SELECT o.key FROM Owner o WHERE o.folderKey = :folder")
@NamedQuery(name = Owner.DELETE_IN_FOLDER, query = "DELETE FROM Owner o WHERE o.folderKey = :folder")
public class Owner {

    public static final String BY_OBJECT_ID = "Owner.byObjectId";
    public static final String USER_BY_UPN = "Owner.userByUpn";
    public static final String USER_BY_ID_OR_UPN = "Owner.userByIdOrUpn";
    public static final String OF_KIND = "Owner.ofKind";
    public static final String CHILDREN = "Owner.children";
    public static final String CONTACTS_IN_DEFAULT_FOLDER = "Owner.contactsInDefaultFolder";
    public static final String CONTACTS_IN_FOLDER = "Owner.contactsInFolder";
    public static final String PAGE_OF_KIND = "Owner.pageOfKind";
    public static final String OF_KIND_BY_IDS = "Owner.ofKindByIds";
    public static final String BY_KEYS = "Owner.byKeys";
    public static final String KEYS_OWNED_BY = "Owner.keysOwnedBy";
    public static final String DELETE_OWNED_BY = "Owner.deleteOwnedBy";
    public static final String KEYS_IN_FOLDER = "Owner.keysInFolder";
    public static final String DELETE_IN_FOLDER = "Owner.deleteInFolder";

    @Id
    @Column(name = "owner_key", length = 36)
    private String key;

    @Column(name = "tenant_id", nullable = false, length = 64)
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16)
    private OwnerKind kind;

    @Column(name = "object_id", nullable = false, length = 255)
    private String objectId;

    /** The user a contact or contact folder belongs to. */
    @Column(name = "parent_key", length = 36)
    private String parentKey;

    /** The folder of a contact; null for the default Contacts folder. */
    @Column(name = "folder_key", length = 36)
    private String folderKey;

    @Column(name = "display_name", length = 512)
    private String displayName;

    @Column(name = "user_principal_name", length = 512)
    private String userPrincipalName;

    /** Lower-cased copy: UPN lookups are case-insensitive and must use an index. */
    @Column(name = "upn_lower", length = 512)
    private String upnLower;

    @Column(name = "mail", length = 512)
    private String mail;

    @Column(name = "given_name", length = 255)
    private String givenName;

    @Column(name = "surname", length = 255)
    private String surname;

    @Column(name = "description", length = 1024)
    private String description;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    protected Owner() {
    }

    public Owner(String tenantId, OwnerKind kind, String objectId) {
        this.key = UUID.randomUUID().toString();
        this.tenantId = tenantId;
        this.kind = kind;
        // Object ids are GUID-like and compared case-insensitively, as Entra ID does.
        this.objectId = objectId == null ? UUID.randomUUID().toString() : objectId.toLowerCase(Locale.ROOT);
        this.createdAt = LocalDateTime.now(ZoneOffset.UTC);
    }

    public String key() { return key; }
    public String tenantId() { return tenantId; }
    public OwnerKind kind() { return kind; }
    public String objectId() { return objectId; }
    public String parentKey() { return parentKey; }
    public String folderKey() { return folderKey; }
    public String displayName() { return displayName; }
    public String userPrincipalName() { return userPrincipalName; }
    public String mail() { return mail; }
    public String givenName() { return givenName; }
    public String surname() { return surname; }
    public String description() { return description; }

    public Owner ownedBy(Owner user) {
        this.parentKey = user.key;
        return this;
    }

    public Owner inFolder(Owner folder) {
        this.folderKey = folder == null ? null : folder.key;
        return this;
    }

    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public void setMail(String mail) { this.mail = mail; }
    public void setGivenName(String givenName) { this.givenName = givenName; }
    public void setSurname(String surname) { this.surname = surname; }
    public void setDescription(String description) { this.description = description; }

    public void setUserPrincipalName(String userPrincipalName) {
        this.userPrincipalName = userPrincipalName;
        this.upnLower = lower(userPrincipalName);
    }

    /** The form ids and UPNs are stored and compared in. */
    public static String lower(String idOrUpn) {
        return idOrUpn == null ? null : idOrUpn.toLowerCase(Locale.ROOT);
    }
}
