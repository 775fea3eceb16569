package org.portrait.photos.entity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Entity tags for stored bytes (photos, and the web page's files), and the If-None-Match comparison. */
public final class EntityTags {

    private EntityTags() {
    }

    /** A quoted tag from the bytes themselves: equal bytes, equal tag; any change, a new tag. */
    public static String of(byte[] bytes) {
        return "\"" + opaque(bytes) + "\"";
    }

    /** The tag's value without quotes (64 bits of the bytes' SHA-256, in hex). */
    public static String opaque(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }

    /** Whether an If-None-Match header (a list of tags, weak or strong, or *) matches {@code etag}. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
