import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Development helper for bin/portrait: an RSA key pair and RS256 tokens with the claims of Portrait's
 * development shape or, with --shape, of Microsoft Entra ID v2.0 or v1.0 or Keycloak access tokens.
 * JDK classes only; run with the Java 17 source launcher:
 *
 * <pre>
 *   java bin/PortraitDevTool.java keys  --keys DIR          create DIR/private.pem + DIR/public.pem if missing
 *   java bin/PortraitDevTool.java token --keys DIR [opts]   print a signed token (see "token --help")
 * </pre>
 *
 * The keys are for development only: anyone with the checkout's data directory can mint tokens.
 */
public class PortraitDevTool {

    static final String DEFAULT_TID = "11111111-1111-1111-1111-111111111111";
    static final String DEFAULT_USER_OID = "22222222-2222-2222-2222-222222222222";
    static final String DEFAULT_APP_OID = "33333333-3333-3333-3333-333333333333";
    static final String DEFAULT_CLIENT_ID = "44444444-4444-4444-4444-444444444444";
    static final String DEFAULT_UPN = "admin@contoso.com";
    static final String DEFAULT_NAME = "Ada Admin";
    static final String DEFAULT_SCP = "User.ReadWrite.All Group.ReadWrite.All Contacts.ReadWrite ProfilePhoto.ReadWrite.All";
    static final String DEFAULT_APP_ROLES = "User.ReadWrite.All,Group.ReadWrite.All,Contacts.ReadWrite";
    static final String DEFAULT_ISS = "portrait-dev";
    static final String DEFAULT_AUD = "api://portrait";
    /** The development "app registration" of Portrait: Entra v2.0 tokens name its client id as aud. */
    static final String DEV_API_CLIENT_ID = "99999999-9999-9999-9999-999999999999";
    static final String DEV_KEYCLOAK_ISSUER = "http://localhost:8180/realms/portrait";
    static final List<String> SHAPES = List.of("portrait", "entra-v2", "entra-v1", "keycloak");

    static final String TOKEN_USAGE = """
            Usage: bin/portrait token [options]

            Prints an RS256 access token signed with the development key pair
            ($PORTRAIT_DATA/dev-keys, created if missing). Only a server started by
            'bin/portrait run' in development mode accepts it.

            Options (defaults in brackets):
              --shape SHAPE    the claims a real identity provider would write [portrait]:
                                 portrait   Portrait's development shape (iss portrait-dev, jti)
                                 entra-v2   Entra ID v2.0: iss https://login.microsoftonline.com/<tid>/v2.0,
                                            aud %s, uti, no jti, no upn
                                 entra-v1   Entra ID v1.0: iss https://sts.windows.net/<tid>/,
                                            aud api://portrait, upn, unique_name, appid, uti, no jti
                                 keycloak   Keycloak: iss %s,
                                            scope, realm_access roles, no tid (the default tenant)
                               bin/portrait run trusts all four in development mode
              --scp "A B"      delegated scopes, space separated; --scp "" drops the claim
                               [%s]
              --roles "A,B"    app roles, comma or space separated; --roles "" drops the claim
                               [none; with --app: %s]
              --app            application (client credentials) token: roles instead of scp,
                               no upn, preferred_username or name (unless --name is given),
                               oid/sub = a service principal id, idtyp "app"
              --oid ID         object id of the user or service principal, also used as sub
                               [%s; with --app: %s]
              --tid ID         tenant id [%s]
              --upn UPN        upn and preferred_username [%s]
              --name NAME      display name [%s]
              --azp ID         client id of the calling application [%s]
              --aud AUD        audience [the shape's; portrait: $MP_JWT_VERIFY_AUDIENCES (first entry) or %s]
              --iss ISS        issuer [the shape's; portrait: $MP_JWT_VERIFY_ISSUER (first entry) or %s]
              --ttl SECONDS    lifetime; a negative value makes an already expired token [3600]
              --keys DIR       key directory [$PORTRAIT_DATA/dev-keys]

            Examples:
              curl -H "Authorization: Bearer $(bin/portrait token)" http://localhost:8080/v1.0/me
              bin/portrait token --scp User.Read --oid 55555555-5555-5555-5555-555555555555 --upn bob@contoso.com --name "Bob Reader"
              bin/portrait token --app --roles User.Read.All
              bin/portrait token --shape entra-v1 --scp User.ReadWrite
              bin/portrait token --shape keycloak --app --roles User.Read.All
            """.formatted(DEV_API_CLIENT_ID, DEV_KEYCLOAK_ISSUER, DEFAULT_SCP, DEFAULT_APP_ROLES, DEFAULT_USER_OID,
            DEFAULT_APP_OID, DEFAULT_TID, DEFAULT_UPN, DEFAULT_NAME, DEFAULT_CLIENT_ID, DEFAULT_AUD, DEFAULT_ISS);

    public static void main(String[] args) {
        try {
            if (args.length == 0) {
                throw new UsageException("expected a command: keys | token");
            }
            List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
            switch (args[0]) {
                case "keys" -> keysCommand(rest);
                case "token" -> tokenCommand(rest);
                case "-h", "--help", "help" -> System.out.print(TOKEN_USAGE);
                default -> throw new UsageException("unknown command: " + args[0]);
            }
        } catch (UsageException e) {
            System.err.println("portrait: " + e.getMessage());
            System.exit(2);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            System.err.println("portrait: " + e);
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- keys

    static void keysCommand(List<String> args) throws IOException, GeneralSecurityException, UsageException {
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--keys")) {
                dir = Path.of(value(args, i++));
            } else {
                throw new UsageException("keys: unknown option " + args.get(i));
            }
        }
        if (dir == null) {
            throw new UsageException("keys: --keys DIR is required");
        }
        if (ensureKeys(dir)) {
            System.err.println("Created a development RSA-2048 key pair in " + dir.toAbsolutePath());
        }
    }

    /** Creates the key pair if it does not exist; returns true if it was created. */
    static boolean ensureKeys(Path dir) throws IOException, GeneralSecurityException {
        Path priv = dir.resolve("private.pem");
        Path pub = dir.resolve("public.pem");
        boolean hasPriv = Files.exists(priv);
        boolean hasPub = Files.exists(pub);
        if (hasPriv && hasPub) {
            return false;
        }
        if (hasPriv || hasPub) {
            throw new IOException("incomplete development key pair in " + dir.toAbsolutePath()
                    + " (" + (hasPriv ? "public.pem" : "private.pem") + " is missing); delete that directory to make a new pair"
                    + " (tokens signed with the old key stop working)");
        }
        createDirectory(dir);
        // Two first starts at once (bin/portrait run + bin/portrait token) must not mix two pairs.
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.lock()) {
            if (Files.exists(priv) && Files.exists(pub)) {
                return false; // created by the other process meanwhile
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path privTmp = dir.resolve("private.pem.tmp");
            Path pubTmp = dir.resolve("public.pem.tmp");
            Files.deleteIfExists(privTmp);
            Files.deleteIfExists(pubTmp);
            try {
                writeOwnerOnly(privTmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(pubTmp, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
                move(privTmp, priv);
                move(pubTmp, pub);
                return true;
            } finally {
                Files.deleteIfExists(privTmp);
                Files.deleteIfExists(pubTmp);
            }
        }
    }

    static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static byte[] readPem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(file + " is not a PEM file with " + begin);
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }

    /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key, first 16 characters. */
    static String keyId(RSAPublicKey key) throws GeneralSecurityException {
        String jwk = "{\"e\":\"" + b64url(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                + b64url(unsigned(key.getModulus())) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8));
        return b64url(digest).substring(0, 16);
    }

    static byte[] unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    // ---------------------------------------------------------------- token

    static void tokenCommand(List<String> args) throws IOException, GeneralSecurityException, UsageException {
        Path dir = null;
        boolean app = false;
        String scp = null, roles = null, oid = null, tid = DEFAULT_TID, upn = DEFAULT_UPN, name = null;
        String azp = DEFAULT_CLIENT_ID, aud = null, iss = null, shape = "portrait";
        boolean tidGiven = false;
        long ttl = 3600;
        for (int i = 0; i < args.size(); i++) {
            String opt = args.get(i);
            String inline = null;
            int eq = opt.indexOf('=');
            if (opt.startsWith("--") && eq > 0) { // --opt=value
                inline = opt.substring(eq + 1);
                opt = opt.substring(0, eq);
            }
            switch (opt) {
                case "-h", "--help" -> {
                    System.out.print(TOKEN_USAGE);
                    return;
                }
                case "--app" -> app = true;
                case "--keys", "--scp", "--roles", "--oid", "--tid", "--upn", "--name", "--azp", "--aud", "--iss", "--ttl", "--shape" -> {
                    String v = inline != null ? inline : value(args, i++);
                    switch (opt) {
                        case "--keys" -> dir = Path.of(v);
                        case "--scp" -> scp = v;
                        case "--roles" -> roles = v;
                        case "--oid" -> oid = v;
                        case "--tid" -> {
                            tid = v;
                            tidGiven = true;
                        }
                        case "--shape" -> {
                            if (!SHAPES.contains(v)) {
                                throw new UsageException("token: --shape must be one of " + String.join(", ", SHAPES) + ", got '" + v + "'");
                            }
                            shape = v;
                        }
                        case "--upn" -> upn = v;
                        case "--name" -> name = v;
                        case "--azp" -> azp = v;
                        case "--aud" -> aud = v;
                        case "--iss" -> iss = v;
                        case "--ttl" -> {
                            try {
                                ttl = Long.parseLong(v);
                            } catch (NumberFormatException e) {
                                throw new UsageException("token: --ttl needs a number of seconds, got '" + v + "'");
                            }
                        }
                        default -> throw new IllegalStateException(opt);
                    }
                }
                default -> throw new UsageException("token: unknown option " + opt + " (see bin/portrait token --help)");
            }
        }
        if (dir == null) {
            String data = System.getenv("PORTRAIT_DATA");
            dir = Path.of(data == null || data.isEmpty() ? "data" : data, "dev-keys");
        }
        if (ensureKeys(dir)) {
            System.err.println("Created a development RSA-2048 key pair in " + dir.toAbsolutePath());
        }
        if (iss == null) {
            iss = switch (shape) {
                case "entra-v2" -> "https://login.microsoftonline.com/" + tid + "/v2.0";
                case "entra-v1" -> "https://sts.windows.net/" + tid + "/";
                case "keycloak" -> DEV_KEYCLOAK_ISSUER;
                default -> envOr("MP_JWT_VERIFY_ISSUER", DEFAULT_ISS).split(",")[0].trim().replace("{tenantid}", tid);
            };
        }
        if (aud == null) {
            aud = switch (shape) {
                case "entra-v2" -> DEV_API_CLIENT_ID;
                case "entra-v1", "keycloak" -> DEFAULT_AUD;
                default -> envOr("MP_JWT_VERIFY_AUDIENCES", DEFAULT_AUD).split(",")[0].trim();
            };
        }

        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(readPem(dir.resolve("public.pem"), "PUBLIC KEY")));
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(readPem(dir.resolve("private.pem"), "PRIVATE KEY")));

        long now = System.currentTimeMillis() / 1000;
        oid = oid != null ? oid : app ? DEFAULT_APP_OID : DEFAULT_USER_OID;
        String scopes = scp != null ? scp.trim().replaceAll("\\s+", " ") : app ? "" : DEFAULT_SCP;
        List<String> roleList = roleList(roles != null ? roles : app ? DEFAULT_APP_ROLES : "");
        String displayName = name != null ? name : app ? null : DEFAULT_NAME;
        Token token = new Token(iss, aud, now, ttl, azp, tid, oid, upn, displayName, scopes, roleList);
        Map<String, Object> claims = switch (shape) {
            case "entra-v2" -> app ? token.entraV2App() : token.entraV2User();
            case "entra-v1" -> app ? token.entraV1App() : token.entraV1User();
            case "keycloak" -> app ? token.keycloakServiceAccount(tidGiven) : token.keycloakUser(tidGiven);
            default -> token.portrait(app);
        };

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId(publicKey));

        String signingInput = b64url(json(header).getBytes(StandardCharsets.UTF_8)) + "."
                + b64url(json(claims).getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64url(signer.sign()));
    }

    static List<String> roleList(String roles) {
        List<String> list = new ArrayList<>();
        for (String r : roles.split("[,\\s]+")) {
            if (!r.isEmpty()) {
                list.add(r);
            }
        }
        return list;
    }

    /**
     * One token's values, written in the claim set of each shape. The Entra and Keycloak shapes follow
     * the providers' published token references (claim names, types and order); their opaque values
     * (aio, rh, sid, uti) are random.
     */
    record Token(String iss, String aud, long now, long ttl, String azp, String tid, String oid, String upn,
                 String name, String scopes, List<String> roles) {

        /** Portrait's development shape, as bin/portrait token always wrote it. */
        Map<String, Object> portrait(boolean app) {
            Map<String, Object> c = times(new LinkedHashMap<>());
            c.put("azp", azp);
            c.put("tid", tid);
            c.put("oid", oid);
            c.put("sub", oid);
            c.put("idtyp", app ? "app" : "user");
            if (!app && !upn.isEmpty()) {
                c.put("upn", upn);
                c.put("preferred_username", upn);
            }
            putIf(c, "name", name);
            putIf(c, "scp", scopes.isBlank() ? null : scopes);
            putIf(c, "roles", roles.isEmpty() ? null : roles);
            c.put("jti", UUID.randomUUID().toString());
            c.put("ver", "2.0");
            return c;
        }

        Map<String, Object> entraV2User() {
            Map<String, Object> c = times(new LinkedHashMap<>());
            c.put("aio", opaque(56));
            c.put("azp", azp);
            c.put("azpacr", "0");
            putIf(c, "name", name);
            c.put("oid", oid);
            putIf(c, "preferred_username", upn.isEmpty() ? null : upn);
            c.put("rh", opaque(40) + ".");
            putIf(c, "roles", roles.isEmpty() ? null : roles);
            putIf(c, "scp", scopes.isBlank() ? null : scopes);
            c.put("sid", UUID.randomUUID().toString());
            c.put("sub", pairwise(oid, azp)); // per application, never the object id
            c.put("tid", tid);
            c.put("uti", opaque(22));
            c.put("ver", "2.0");
            return c;
        }

        Map<String, Object> entraV2App() {
            Map<String, Object> c = times(new LinkedHashMap<>());
            c.put("aio", opaque(56));
            c.put("azp", azp);
            c.put("azpacr", "1");
            c.put("idtyp", "app");
            c.put("oid", oid);
            c.put("rh", opaque(40) + ".");
            putIf(c, "roles", roles.isEmpty() ? null : roles);
            c.put("sub", oid);
            c.put("tid", tid);
            c.put("uti", opaque(22));
            c.put("ver", "2.0");
            return c;
        }

        Map<String, Object> entraV1User() {
            Map<String, Object> c = times(new LinkedHashMap<>());
            String[] names = (name == null ? "" : name).split(" ", 2);
            c.put("acr", "1");
            c.put("aio", opaque(56));
            c.put("amr", List.of("pwd"));
            c.put("appid", azp);
            c.put("appidacr", "0");
            putIf(c, "family_name", names.length > 1 ? names[1] : null);
            putIf(c, "given_name", names[0].isEmpty() ? null : names[0]);
            c.put("ipaddr", "192.0.2.10");
            putIf(c, "name", name);
            c.put("oid", oid);
            c.put("rh", opaque(40) + ".");
            putIf(c, "roles", roles.isEmpty() ? null : roles);
            putIf(c, "scp", scopes.isBlank() ? null : scopes);
            c.put("sub", pairwise(oid, azp));
            c.put("tid", tid);
            putIf(c, "unique_name", upn.isEmpty() ? null : upn);
            putIf(c, "upn", upn.isEmpty() ? null : upn);
            c.put("uti", opaque(22));
            c.put("ver", "1.0");
            return c;
        }

        Map<String, Object> entraV1App() {
            Map<String, Object> c = times(new LinkedHashMap<>());
            c.put("aio", opaque(56));
            c.put("appid", azp);
            c.put("appidacr", "1");
            c.put("idp", iss);
            c.put("idtyp", "app");
            c.put("oid", oid);
            c.put("rh", opaque(40) + ".");
            putIf(c, "roles", roles.isEmpty() ? null : roles);
            c.put("sub", oid);
            c.put("tid", tid);
            c.put("uti", opaque(22));
            c.put("ver", "1.0");
            return c;
        }

        Map<String, Object> keycloakUser(boolean withTid) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("exp", now + ttl);
            c.put("iat", now);
            c.put("auth_time", now);
            c.put("jti", "onrtac:" + UUID.randomUUID());
            c.put("iss", iss);
            c.put("aud", List.of(aud, "account"));
            c.put("sub", oid);
            c.put("typ", "Bearer");
            c.put("azp", "portrait-web");
            c.put("sid", UUID.randomUUID().toString());
            c.put("acr", "1");
            c.put("allowed-origins", List.of("http://localhost:8080"));
            List<String> realmRoles = new ArrayList<>(List.of("default-roles-portrait", "offline_access", "uma_authorization"));
            realmRoles.addAll(roles);
            c.put("realm_access", Map.of("roles", realmRoles));
            c.put("resource_access", Map.of("account", Map.of("roles", List.of("manage-account", "view-profile"))));
            c.put("scope", ("openid profile email " + scopes).trim());
            c.put("email_verified", true);
            putIf(c, "name", name);
            putIf(c, "preferred_username", upn.isEmpty() ? null : upn);
            putIf(c, "email", upn.isEmpty() ? null : upn);
            putIf(c, "tid", withTid ? tid : null);
            return c;
        }

        /** Client credentials: Keycloak writes "scope": "" when the client has no token scopes (application). */
        Map<String, Object> keycloakServiceAccount(boolean withTid) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("exp", now + ttl);
            c.put("iat", now);
            c.put("jti", "trrtcc:" + UUID.randomUUID());
            c.put("iss", iss);
            c.put("aud", List.of(aud));
            c.put("sub", oid);
            c.put("typ", "Bearer");
            c.put("azp", "portrait-job");
            c.put("acr", "1");
            List<String> realmRoles = new ArrayList<>(List.of("default-roles-portrait"));
            realmRoles.addAll(roles);
            c.put("realm_access", Map.of("roles", realmRoles));
            c.put("scope", scopes);
            c.put("clientHost", "192.0.2.20");
            c.put("preferred_username", "service-account-portrait-job");
            c.put("clientAddress", "192.0.2.20");
            c.put("client_id", "portrait-job");
            putIf(c, "tid", withTid ? tid : null);
            return c;
        }

        /** aud, iss, iat, nbf, exp: the first claims of Entra's tokens (and of Portrait's shape). */
        private Map<String, Object> times(Map<String, Object> c) {
            c.put("aud", aud);
            c.put("iss", iss);
            c.put("iat", now);
            c.put("nbf", now);
            c.put("exp", now + ttl);
            return c;
        }
    }

    static void putIf(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    /** Random base64url characters, for Entra's opaque claims (aio, rh, uti). */
    static String opaque(int length) {
        byte[] bytes = new byte[length];
        new java.security.SecureRandom().nextBytes(bytes);
        return b64url(bytes).substring(0, length);
    }

    /** Entra's sub: the same user has another sub in every application. */
    static String pairwise(String oid, String clientId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((oid + "|" + clientId).getBytes(StandardCharsets.UTF_8));
            return b64url(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    static String value(List<String> args, int i) throws UsageException {
        if (i + 1 >= args.size()) {
            throw new UsageException(args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value);
        return sb.toString();
    }

    static void writeJson(StringBuilder sb, Object value) {
        if (value instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeJson(sb, e.getKey().toString());
                sb.append(':');
                writeJson(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeJson(sb, list.get(i));
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value + " as JSON");
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
