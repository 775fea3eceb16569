package org.portrait.photos.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** The JPEG bytes of one variant, kept apart so that only a {@code $value} read loads them. */
@Entity
@Table(name = "photo_content")
@NamedQuery(name = PhotoContent.DELETE_OF_VARIANTS, query = "DELETE FROM PhotoContent c WHERE c.variantKey IN :variants")
@NamedQuery(name = PhotoContent.OF_VARIANT_LIKE, query = "SELECT v.etag, c.data FROM PhotoVariant v, PhotoContent c"
        + " WHERE c.variantKey = v.key AND v.ownerKey = :owner AND v.width = :width AND v.height = :height AND v.original = :original")
public class PhotoContent {

    public static final String DELETE_OF_VARIANTS = "PhotoContent.deleteOfVariants";
    public static final String OF_VARIANT_LIKE = "PhotoContent.ofVariantLike";

    @Id
    @Column(name = "variant_key", length = 36)
    private String variantKey;

    /** A plain byte[] maps to bytea on PostgreSQL under both EclipseLink and Hibernate (no large objects). */
    @Column(name = "data", nullable = false)
    private byte[] data;

    protected PhotoContent() {
    }

    public PhotoContent(String variantKey, byte[] data) {
        this.variantKey = variantKey;
        this.data = data;
    }

}
