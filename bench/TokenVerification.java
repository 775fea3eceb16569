import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.portrait.security.control.TokenSettings;
import org.portrait.security.control.TokenVerifier;

/**
 * Client of bench/token-verification.sh. Two verifiers with the same keys and issuer: one with the
 * verified-token cache (the default, 10,000 entries), one with the cache off (every call parses the
 * token, checks its signature and its claims). An Entra ID v2.0 access token (RS256, about 1.3 KB)
 * and a Keycloak-shaped ES256 token. Then the heap the cache holds per token, for tokens without and
 * with {@code groups} claims. Arguments: rounds warmupSeconds.
 */
public class TokenVerification {

    static final String ISSUER = "https://login.microsoftonline.com/{tenantid}/v2.0";
    static final String AUDIENCE = "0f3c6b2a-5d1e-4c7b-9a8f-2e1d0c9b8a7f";
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        long warmupNanos = Long.parseLong(args[1]) * 1_000_000_000L;
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        String keys = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
        TokenVerifier cached = verifier(keys, "10000");
        TokenVerifier uncached = verifier(keys, "0");
        String tenant = UUID.randomUUID().toString();
        String rs256 = sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa", tenant);
        String es256 = sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec", tenant);
        System.out.printf("Token verification, one thread (%s, %d cores); RS256 token %d characters, ES256 token %d%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), rs256.length(), es256.length());

        record Case(String name, TokenVerifier verifier, String token, int batch) {
        }
        List<Case> cases = List.of(
                new Case("RS256, cached (repeated token)", cached, rs256, 200_000),
                new Case("RS256, verified in full", uncached, rs256, 4_000),
                new Case("ES256, cached (repeated token)", cached, es256, 200_000),
                new Case("ES256, verified in full", uncached, es256, 4_000));

        System.out.printf("Warming up %d s ...%n", warmupNanos / 1_000_000_000L);
        long warmupEnd = System.nanoTime() + warmupNanos;
        while (System.nanoTime() < warmupEnd) {
            for (Case c : cases) {
                run(c.verifier(), c.token(), c.batch() / 20);
            }
        }
        Map<String, List<Double>> nanosPerCall = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Case c : cases) {
                long start = System.nanoTime();
                run(c.verifier(), c.token(), c.batch());
                nanosPerCall.computeIfAbsent(c.name(), k -> new ArrayList<>()).add((System.nanoTime() - start) / (double) c.batch());
            }
        }
        System.out.printf("%n%-34s %14s %14s %14s%n", "verification", "median", "min", "max");
        Map<String, Double> medians = new LinkedHashMap<>();
        nanosPerCall.forEach((name, samples) -> {
            List<Double> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            double median = sorted.get(sorted.size() / 2);
            medians.put(name, median);
            System.out.printf("%-34s %11.2f µs %11.2f µs %11.2f µs%n", name, median / 1000, sorted.get(0) / 1000,
                    sorted.get(sorted.size() - 1) / 1000);
        });
        System.out.printf("%nRS256: a cached verification costs 1/%.0f of a full one; ES256: 1/%.0f (%d rounds, medians)%n",
                medians.get("RS256, verified in full") / medians.get("RS256, cached (repeated token)"),
                medians.get("ES256, verified in full") / medians.get("ES256, cached (repeated token)"), rounds);

        System.out.printf("%nMemory: heap held by the verified-token cache per token (2,000 distinct tokens of each shape)%n");
        memoryPerCachedToken(keys, rsa, "Entra ID v2.0, no groups", 0, 2_000);
        memoryPerCachedToken(keys, rsa, "Entra ID v2.0, 50 groups", 50, 2_000);
        memoryPerCachedToken(keys, rsa, "Entra ID v2.0, 200 groups (Entra's most)", 200, 2_000);
    }

    /**
     * Heap held per cached token: a verifier with the cache on is filled with {@code count} distinct
     * tokens of one shape (each verified once), and the live heap is compared before and after (after
     * full collections). The tokens themselves are built first, outside the measurement.
     */
    static void memoryPerCachedToken(String keys, RSAKey rsa, String shape, int groups, int count) throws Exception {
        String tenant = UUID.randomUUID().toString();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, "rsa", tenant, groups));
        }
        // no bound in bytes here: this measures what an entry holds, not what the default budget keeps
        TokenVerifier verifier = verifier(keys, String.valueOf(count * 2), String.valueOf(1L << 40));
        verifier.verify(tokens.get(0));
        long before = liveHeap();
        for (String token : tokens) {
            verifier.verify(token);
        }
        long after = liveHeap();
        sink = verifier;
        double perEntry = (after - before) / (double) (count - 1);
        System.out.printf("%-40s %6d characters  %8.0f bytes held per cached token (%.1f per character)%n",
                shape, tokens.get(0).length(), perEntry, perEntry / tokens.get(0).length());
    }

    static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static void run(TokenVerifier verifier, String token, int times) {
        Object last = null;
        for (int i = 0; i < times; i++) {
            last = verifier.verify(token);
        }
        sink = last;
    }

    /** A verifier with the default bound in bytes. */
    static TokenVerifier verifier(String keys, String cacheSize) {
        return verifier(keys, cacheSize, null);
    }

    static TokenVerifier verifier(String keys, String cacheSize, String cacheBytes) {
        Map<String, String> config = new HashMap<>(Map.of(
                TokenSettings.PUBLIC_KEY, keys,
                TokenSettings.ISSUER, ISSUER,
                TokenSettings.AUDIENCES, AUDIENCE,
                TokenSettings.CACHE_SIZE, cacheSize));
        if (cacheBytes != null) {
            config.put(TokenSettings.CACHE_BYTES, cacheBytes);
        }
        return new TokenVerifier(TokenSettings.from(name -> Optional.ofNullable(config.get(name))), Clock.systemUTC());
    }

    static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, String tenant) throws Exception {
        return sign(signer, algorithm, kid, tenant, 0);
    }

    /** An Entra ID v2.0 delegated access token's claims, valid for an hour, with {@code groups} group ids (Entra sends up to 200). */
    static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, String tenant, int groups) throws Exception {
        Instant now = Instant.now();
        List<String> groupIds = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            groupIds.add(UUID.randomUUID().toString());
        }
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        if (groups > 0) {
            builder.claim("groups", groupIds);
        }
        JWTClaimsSet claims = builder
                .audience(AUDIENCE)
                .issuer("https://login.microsoftonline.com/" + tenant + "/v2.0")
                .issueTime(Date.from(now.minusSeconds(300))).notBeforeTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("aio", "AXQAi/8IAAAAtAaZLo3ChMif6KOnttRB7eBq4/DccQzjcJGxPYy/C3jDaNGxXd6wNIIVGRghNRnwJ1lOcAnNZcjvkoyrFxCttv33140RioOFJ4bCCGVuoCag1uOTT22222gHwLPYQ/uf79QX+0KIijdrmp69RctzmQ==")
                .claim("azp", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c").claim("azpacr", "0")
                .claim("name", "Abe Lincoln").claim("oid", UUID.randomUUID().toString())
                .claim("preferred_username", "abeli@contoso.com").claim("rh", "0.AAAAv4j5cvGGr0GRqy180BHbR-yN6Mh7.")
                .claim("scp", "User.Read ProfilePhoto.Read.All").claim("sid", UUID.randomUUID().toString())
                .subject("HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ").claim("tid", tenant)
                .claim("uti", "fqiBqXLPj0eQa82S-IYFAA").claim("ver", "2.0")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
