package org.portrait.photos.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * One stored size of an owner's photo: an HD square or the normalised original. Holds no bytes, so
 * listing sizes and answering If-None-Match never loads image data.
 */
@Entity
@Table(name = "photo_variant")
@NamedQuery(name = PhotoVariant.OF_OWNER, query = "SELECT v FROM PhotoVariant v WHERE v.ownerKey = :owner ORDER BY v.width, v.height, v.original")
@NamedQuery(name = PhotoVariant.OF_OWNERS, query = "SELECT v FROM PhotoVariant v WHERE v.ownerKey IN :owners ORDER BY v.width, v.height, v.original")
@NamedQuery(name = PhotoVariant.KEYS_OF_OWNERS, query = "SELECT v.key FROM PhotoVariant v WHERE v.ownerKey IN :owners")
@NamedQuery(name = PhotoVariant.DELETE_OF_OWNERS, query = "DELETE FROM PhotoVariant v WHERE v.ownerKey IN :owners")
public class PhotoVariant {

    public static final String OF_OWNER = "PhotoVariant.ofOwner";
    public static final String OF_OWNERS = "PhotoVariant.ofOwners";
    public static final String KEYS_OF_OWNERS = "PhotoVariant.keysOfOwners";
    public static final String DELETE_OF_OWNERS = "PhotoVariant.deleteOfOwners";

    @Id
    @Column(name = "variant_key", length = 36)
    private String key;

    @Column(name = "owner_key", nullable = false, length = 36)
    private String ownerKey;

    @Column(name = "width", nullable = false)
    private int width;

    @Column(name = "height", nullable = false)
    private int height;

    /** The normalised original rather than an HD square. */
    @Column(name = "original", nullable = false)
    private boolean original;

    /** Quoted entity tag, derived from the bytes. */
    @Column(name = "etag", nullable = false, length = 64)
    private String etag;

    @Column(name = "byte_length", nullable = false)
    private int byteLength;

    @Column(name = "uploaded_at", nullable = false)
    private LocalDateTime uploadedAt;

    protected PhotoVariant() {
    }

    public PhotoVariant(String ownerKey, int width, int height, boolean original, String etag, int byteLength,
                        LocalDateTime uploadedAt) {
        this.key = UUID.randomUUID().toString();
        this.ownerKey = ownerKey;
        this.width = width;
        this.height = height;
        this.original = original;
        this.etag = etag;
        this.byteLength = byteLength;
        this.uploadedAt = uploadedAt;
    }

    public String key() { return key; }
    public String ownerKey() { return ownerKey; }
    public int width() { return width; }
    public int height() { return height; }
    public boolean original() { return original; }
    public String etag() { return etag; }
    public int byteLength() { return byteLength; }

    public PhotoSize size() {
        return new PhotoSize(width, height);
    }
}
