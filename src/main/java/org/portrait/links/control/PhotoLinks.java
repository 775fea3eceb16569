package org.portrait.links.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.portrait.access.control.AccessDeniedException;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.photos.control.ImageNotFoundException;
import org.portrait.photos.control.PhotoBinary;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.photos.entity.PhotoVariant;

/**
 * Makes and checks signed photo links (docs/links-and-changes.md). A link names one stored size of
 * one owner's photo by its entity tag, with the tenant, an expiry and the id of the signing key,
 * all under an HMAC-SHA256; it serves exactly those bytes or nothing.
 */
@ApplicationScoped
public class PhotoLinks {

    static final String VERSION = "1";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    @Inject
    LinkKeys keys;

    @Inject
    ProfilePhotos photos;

    Clock clock = Clock.systemUTC();

    /** A link to the largest photo ({@code size} empty) or to one size; 404 ImageNotFound when there is none. */
    public PhotoLink create(ResolvedOwner owner, Optional<PhotoSize> size) {
        PhotoVariant variant = photos.variant(owner, size);
        // Whole minutes: every request within a minute gets the same URL, which caches can reuse.
        long expires = (clock.instant().plus(keys.lifetime()).getEpochSecond() / 60) * 60;
        LinkKeys.Key key = keys.current();
        String payload = BASE64URL.encodeToString(String.join("|", VERSION, key.id(), Long.toString(expires),
                Integer.toString(variant.width()), Integer.toString(variant.height()), unquoted(variant.etag()),
                variant.ownerKey(), owner.owner().tenantId()).getBytes(StandardCharsets.UTF_8));
        return new PhotoLink(payload + "." + BASE64URL.encodeToString(key.mac(payload)), Instant.ofEpochSecond(expires),
                variant.size(), variant.etag());
    }

    /**
     * The bytes a link names, or a 304 answer when {@code ifNoneMatch} has their tag. Expired, tampered
     * or signed with an unknown key: 403; the photo changed or was deleted since: 404.
     */
    public LinkedPhoto resolve(String link, String ifNoneMatch) {
        Link named = verify(link);
        long secondsLeft = named.expires() - clock.instant().getEpochSecond();
        if (secondsLeft <= 0) {
            throw new AccessDeniedException("The link has expired.");
        }
        PhotoBinary binary = photos.linked(named.ownerKey(), named.size(), named.etag(), ifNoneMatch);
        return new LinkedPhoto(binary, secondsLeft);
    }

    Link verify(String link) {
        int dot = link == null ? -1 : link.indexOf('.');
        if (dot <= 0 || dot != link.lastIndexOf('.')) {
            throw tampered();
        }
        String payload = link.substring(0, dot);
        String mac = link.substring(dot + 1);
        String[] fields;
        try {
            fields = new String(BASE64URL_DECODER.decode(payload), StandardCharsets.UTF_8).split("\\|", 8);
        } catch (IllegalArgumentException e) {
            throw tampered();
        }
        if (fields.length != 8 || !VERSION.equals(fields[0])) {
            throw tampered();
        }
        LinkKeys.Key key = keys.byId(fields[1]).orElseThrow(PhotoLinks::tampered);
        // Compared as text, not decoded bytes: the decoder ignores the last character's spare bits, and a
        // link must have exactly one spelling (one cache entry, no variants that verify).
        // Constant time: how much of a forged MAC matched must not show in the response time.
        byte[] expected = BASE64URL.encodeToString(key.mac(payload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, mac.getBytes(StandardCharsets.US_ASCII))) {
            throw tampered();
        }
        try {
            return new Link(Long.parseLong(fields[2]), new PhotoSize(Integer.parseInt(fields[3]), Integer.parseInt(fields[4])),
                    "\"" + fields[5] + "\"", fields[6], fields[7]);
        } catch (NumberFormatException e) {
            throw tampered();
        }
    }

    private static AccessDeniedException tampered() {
        return new AccessDeniedException("The link is not valid.");
    }

    private static String unquoted(String etag) {
        return etag.substring(1, etag.length() - 1);
    }

    /** What a verified link names. */
    record Link(long expires, PhotoSize size, String etag, String ownerKey, String tenantId) {
    }

    /** A new link: the last path segment of its URL, when it expires, and what it names. */
    public record PhotoLink(String token, Instant expires, PhotoSize size, String etag) {
    }

    /** The bytes (or a 304) a link served, and how many seconds it remains valid. */
    public record LinkedPhoto(PhotoBinary binary, long secondsLeft) {
    }
}
