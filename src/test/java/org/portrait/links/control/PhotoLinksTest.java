package org.portrait.links.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.portrait.access.control.AccessDeniedException;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.photos.entity.PhotoVariant;

class PhotoLinksTest {

    private static final String TEST_ONLY_KEY = Base64.getEncoder().encodeToString(
            "unit-test-only-link-key-00000001".getBytes(StandardCharsets.US_ASCII));
    private static final String TEST_ONLY_OTHER_KEY = Base64.getEncoder().encodeToString(
            "unit-test-only-link-key-00000002".getBytes(StandardCharsets.US_ASCII));

    private final Owner owner = new Owner("tenant-1", OwnerKind.USER, "user-1");
    private final PhotoVariant variant = new PhotoVariant(owner.key(), 96, 96, false, "\"0123456789ABCDEF\"", 100, null);

    private PhotoLinks links(String key, String previous, Instant now) {
        LinkKeys keys = new LinkKeys();
        keys.configuredKey = Optional.ofNullable(key);
        keys.previousKey = Optional.ofNullable(previous);
        keys.lifetimeSetting = "PT1H";
        keys.init();
        PhotoLinks links = new PhotoLinks();
        links.keys = keys;
        links.photos = new ProfilePhotos() {
            @Override
            public PhotoVariant variant(ResolvedOwner resolved, Optional<PhotoSize> size) {
                return variant;
            }
        };
        links.clock = Clock.fixed(now, ZoneOffset.UTC);
        return links;
    }

    @Test
    void aLinkNamesTheBytesAndExpiresWithinTheLifetimeOnAWholeMinute() {
        Instant now = Instant.parse("2026-12-02T08:00:30Z");
        PhotoLinks links = links(TEST_ONLY_KEY, null, now);
        PhotoLinks.PhotoLink link = links.create(new ResolvedOwner(owner, null, null), Optional.empty());
        assertEquals(Instant.parse("2026-12-02T09:00:00Z"), link.expires());
        PhotoLinks.Link named = links.verify(link.token());
        assertEquals(owner.key(), named.ownerKey());
        assertEquals("tenant-1", named.tenantId());
        assertEquals(new PhotoSize(96, 96), named.size());
        assertEquals("\"0123456789ABCDEF\"", named.etag());
        assertTrue(link.token().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), link.token());
    }

    @Test
    void onlyTheCurrentAndThePreviousKeySign() {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        String byOld = links(TEST_ONLY_OTHER_KEY, null, now).create(new ResolvedOwner(owner, null, null), Optional.empty()).token();
        assertEquals(owner.key(), links(TEST_ONLY_KEY, TEST_ONLY_OTHER_KEY, now).verify(byOld).ownerKey());
        assertThrows(AccessDeniedException.class, () -> links(TEST_ONLY_KEY, null, now).verify(byOld));
    }

    @Test
    void anyChangeToALinkBreaksIt() {
        PhotoLinks links = links(TEST_ONLY_KEY, null, Instant.parse("2026-12-02T08:00:00Z"));
        String token = links.create(new ResolvedOwner(owner, null, null), Optional.empty()).token();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThrows(AccessDeniedException.class, () -> links.verify(changed), changed);
        }
        assertThrows(AccessDeniedException.class, () -> links.verify(""));
        assertThrows(AccessDeniedException.class, () -> links.verify("a.b.c"));
        assertThrows(AccessDeniedException.class, () -> links.verify("!!!.???"));
    }

    @Test
    void aLinkHasOneSpellingEvenWhereTheDecoderIgnoresTheLastCharactersSpareBits() {
        PhotoLinks links = links(TEST_ONLY_KEY, null, Instant.parse("2026-12-02T08:00:00Z"));
        String token = links.create(new ResolvedOwner(owner, null, null), Optional.empty()).token();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // A 32-byte MAC is 43 characters; the last carries 4 bits of MAC and 2 spare bits.
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        for (int spare = 1; spare < 4; spare++) {
            String sameBytes = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ spare);
            assertEquals(Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1)).length,
                    Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.indexOf('.') + 1)).length);
            assertThrows(AccessDeniedException.class, () -> links.verify(sameBytes), sameBytes);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalStateException.class, () -> LinkKeys.lifetime("PT25H"));
        assertThrows(IllegalStateException.class, () -> LinkKeys.lifetime("PT10S"));
        assertThrows(IllegalStateException.class, () -> LinkKeys.lifetime("an hour"));
        assertEquals(86400, LinkKeys.lifetime("PT24H").toSeconds());
        assertThrows(IllegalStateException.class, () -> LinkKeys.decode("k", Base64.getEncoder().encodeToString(new byte[31])));
        assertThrows(IllegalStateException.class, () -> LinkKeys.decode("k", "not base64!"));
    }
}
