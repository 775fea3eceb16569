package org.portrait.links.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The keys that sign photo links and how long links live (docs/configuration.md). Every instance of
 * a cluster is given the same key, so a link made on one is served by all; a previous key keeps the
 * links it signed working while a new key takes over. Without a key the instance makes one of its
 * own and says so: its links then work only on that instance and until it restarts.
 * Checked when the application starts, so a bad key or lifetime fails the deployment.
 */
@ApplicationScoped
public class LinkKeys {

    static final String ALGORITHM = "HmacSHA256";

    /** HMAC-SHA256 keys shorter than its output would weaken it. */
    static final int MIN_KEY_BYTES = 32;

    static final Duration MAX_LIFETIME = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(LinkKeys.class.getName());

    @Inject
    @ConfigProperty(name = "portrait.links.key")
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = "portrait.links.previous-key")
    Optional<String> previousKey;

    @Inject
    @ConfigProperty(name = "portrait.links.lifetime", defaultValue = "PT1H")
    String lifetimeSetting;

    private Key current;
    private final List<Key> accepted = new ArrayList<>();
    private Duration lifetime;

    void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
        lifetime();
    }

    @PostConstruct
    void init() {
        lifetime = lifetime(lifetimeSetting);
        if (configuredKey.filter(k -> !k.isBlank()).isPresent()) {
            current = Key.of(decode("portrait.links.key", configuredKey.get()));
        } else {
            byte[] random = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(random);
            current = Key.of(random);
            LOG.warning("portrait.links.key (PORTRAIT_LINKS_KEY) is not set: photo links are signed with a key made by this"
                    + " instance, so they work only on this instance and until it restarts (development only;"
                    + " docs/links-and-changes.md)");
        }
        accepted.add(current);
        previousKey.filter(k -> !k.isBlank()).ifPresent(k -> accepted.add(Key.of(decode("portrait.links.previous-key", k))));
    }

    /** How long a new link is valid. */
    public Duration lifetime() {
        return lifetime;
    }

    Key current() {
        return current;
    }

    /** The current or previous key with this id. */
    Optional<Key> byId(String id) {
        return accepted.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    static Duration lifetime(String setting) {
        Duration parsed;
        try {
            parsed = Duration.parse(setting.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("portrait.links.lifetime must be an ISO-8601 duration such as PT1H, got '" + setting + "'");
        }
        if (parsed.toSeconds() < 60 || parsed.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalStateException("portrait.links.lifetime must be between one minute and 24 hours, got " + setting);
        }
        return parsed;
    }

    static byte[] decode(String name, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be Base64 (for example the output of 'openssl rand -base64 32')");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(name + " must be at least " + MIN_KEY_BYTES + " bytes, Base64-encoded; it has " + key.length);
        }
        return key;
    }

    /** A signing key and its id: the first bytes of a hash of the key, so links say which key signed them. */
    record Key(String id, SecretKeySpec secret) {

        static Key of(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Key(HexFormat.of().formatHex(digest, 0, 4), new SecretKeySpec(bytes, ALGORITHM));
            } catch (GeneralSecurityException impossible) {
                throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
            }
        }

        byte[] mac(String payload) {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(secret);
                return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException impossible) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
            }
        }
    }
}
