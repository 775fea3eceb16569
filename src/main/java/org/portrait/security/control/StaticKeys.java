package org.portrait.security.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys given once in the configuration: a PEM file (public keys or certificates), a JWK or JWKS file,
 * or the same text inline ({@code mp.jwt.verify.publickey}). Read at start-up; changing the file takes a
 * restart. A PEM key has no {@code kid}, so a token's {@code kid} only rules out keys that have another.
 */
final class StaticKeys implements TokenKeys, JWSKeySelector<SecurityContext> {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private final String source;
    private final List<JWK> keys;
    private final List<Key> javaKeys = new ArrayList<>();

    private StaticKeys(String source, List<JWK> keys) {
        this.source = source;
        List<JWK> usable = new ArrayList<>();
        for (JWK jwk : keys) {
            try {
                if (jwk instanceof RSAKey rsa) {
                    javaKeys.add(rsa.toRSAPublicKey());
                    usable.add(rsa.toPublicJWK());
                } else if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                    javaKeys.add(ec.toECPublicKey());
                    usable.add(ec.toPublicJWK());
                }
            } catch (JOSEException broken) {
                throw TokenSettings.misconfigured(source + " holds a key that cannot be used: " + broken.getMessage());
            }
        }
        if (usable.isEmpty()) {
            throw TokenSettings.misconfigured(source + " holds no RSA or P-256 EC public key");
        }
        this.keys = List.copyOf(usable);
    }

    /** {@code mp.jwt.verify.publickey.location} that is a file: {@code file:} URL or absolute path. */
    static StaticKeys fromFile(String location) {
        Path file = location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), location);
        } catch (IOException | IllegalArgumentException unreadable) {
            throw TokenSettings.misconfigured("cannot read the token key file " + location + ": " + unreadable);
        }
    }

    /**
     * The key text, in the formats MicroProfile JWT names: PEM, JWK, JWKS, or either JSON form
     * Base64URL-encoded, or a bare Base64 public key.
     */
    static StaticKeys parse(String text, String source) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("{")) {
                return new StaticKeys(source, jwks(trimmed));
            }
            if (trimmed.contains("-----BEGIN")) {
                return new StaticKeys(source, pem(trimmed, source));
            }
            String decoded = new Base64URL(trimmed.replaceAll("\\s", "")).decodeToString().trim();
            if (decoded.startsWith("{")) {
                return new StaticKeys(source, jwks(decoded));
            }
            return new StaticKeys(source, List.of(jwk(publicKey(Base64.getMimeDecoder().decode(trimmed)))));
        } catch (ParseException | GeneralSecurityException | IllegalArgumentException malformed) {
            throw TokenSettings.misconfigured(source + " is not a PEM public key, certificate, JWK or JWKS: " + malformed.getMessage());
        }
    }

    private static List<JWK> jwks(String json) throws ParseException {
        return json.contains("\"keys\"") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
    }

    private static List<JWK> pem(String text, String source) throws GeneralSecurityException {
        List<JWK> keys = new ArrayList<>();
        Matcher block = PEM.matcher(text);
        while (block.find()) {
            switch (block.group(1)) {
                case "PUBLIC KEY" -> keys.add(jwk(publicKey(Base64.getMimeDecoder().decode(block.group(2).trim()))));
                case "CERTIFICATE" -> {
                    X509Certificate certificate = X509CertUtils.parse(block.group());
                    if (certificate == null) {
                        throw new GeneralSecurityException("a CERTIFICATE block is not an X.509 certificate");
                    }
                    keys.add(jwk(certificate.getPublicKey()));
                }
                default -> throw TokenSettings.misconfigured(source + " holds a " + block.group(1)
                        + "; give the PUBLIC KEY (SubjectPublicKeyInfo) or CERTIFICATE instead");
            }
        }
        return keys;
    }

    private static PublicKey publicKey(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    private static JWK jwk(PublicKey key) throws GeneralSecurityException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new GeneralSecurityException("unknown EC curve");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        throw new GeneralSecurityException("not an RSA or EC key: " + key.getAlgorithm());
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public JWSKeySelector<SecurityContext> selector() {
        return this;
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
        JWSAlgorithm algorithm = header.getAlgorithm();
        boolean rsa = JWSAlgorithm.Family.RSA.contains(algorithm);
        String kid = header.getKeyID();
        List<Key> candidates = new ArrayList<>(1);
        for (int i = 0; i < keys.size(); i++) {
            JWK jwk = keys.get(i);
            boolean fits = rsa ? jwk instanceof RSAKey : JWSAlgorithm.ES256.equals(algorithm) && jwk instanceof ECKey;
            if (fits && (kid == null || jwk.getKeyID() == null || kid.equals(jwk.getKeyID()))
                    && (jwk.getKeyUse() == null || KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                    && (jwk.getAlgorithm() == null || jwk.getAlgorithm().equals(algorithm))) {
                candidates.add(javaKeys.get(i));
            }
        }
        return candidates;
    }
}
