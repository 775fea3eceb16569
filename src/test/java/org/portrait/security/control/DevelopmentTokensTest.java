package org.portrait.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/portrait token [--shape …]} mints what {@code bin/portrait run} accepts in development
 * mode: bin/PortraitDevTool.java, compiled here, mints the tokens (its token command, in this JVM: one
 * source-launcher start per token takes seconds), and they are verified with the issuers, audiences and
 * default tenant the launcher sets (read from bin/portrait itself).
 */
class DevelopmentTokensTest {

    static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @TempDir
    static Path classes;
    static Method tokenCommand;

    @BeforeAll
    static void compileTheTool() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), BASEDIR.resolve("bin/PortraitDevTool.java").toString());
        assertEquals(0, status, "bin/PortraitDevTool.java does not compile");
        Class<?> tool = new URLClassLoader(new URL[]{classes.toUri().toURL()}, null).loadClass("PortraitDevTool");
        tokenCommand = tool.getDeclaredMethod("tokenCommand", List.class);
        tokenCommand.setAccessible(true);
    }

    @Test
    void everyShapeIsAcceptedInDevelopmentMode(@TempDir Path keys) throws Exception {
        String launcher = Files.readString(BASEDIR.resolve("bin/portrait"), StandardCharsets.UTF_8);
        Map<String, String> config = Map.of(
                TokenSettings.PUBLIC_KEY_LOCATION, keys.resolve("public.pem").toUri().toString(),
                TokenSettings.ISSUER, find(launcher, "local dev_issuers='([^']+)'"),
                TokenSettings.AUDIENCES, find(launcher, "MP_JWT_VERIFY_AUDIENCES:-([^}]+)}"),
                TokenSettings.DEFAULT_TENANT, find(launcher, "PORTRAIT_TOKEN_DEFAULT_TENANT:-([^}]+)}"));
        String portrait = mint(keys); // creates the key pair
        TokenVerifier verifier = new TokenVerifier(TokenSettings.from(name -> Optional.ofNullable(config.get(name))), Clock.systemUTC());

        for (String shape : List.of("portrait", "entra-v2", "entra-v1", "keycloak")) {
            Caller user = verifier.verify(shape.equals("portrait") ? portrait : mint(keys, "--shape", shape)).caller();
            assertEquals("11111111-1111-1111-1111-111111111111", user.tenantId(), shape);
            assertEquals("22222222-2222-2222-2222-222222222222", user.objectId(), shape);
            assertEquals("admin@contoso.com", user.userPrincipalName(), shape);
            assertTrue(user.delegated() && user.scopes().contains("ProfilePhoto.ReadWrite.All"), shape);

            Caller app = verifier.verify(mint(keys, "--shape", shape, "--app", "--roles", "User.Read.All")).caller();
            assertFalse(app.delegated(), shape);
            assertTrue(app.roles().contains("User.Read.All"), shape);
        }
        Caller reader = verifier.verify(mint(keys, "--shape", "entra-v1", "--scp", "User.Read", "--upn", "bob@contoso.com",
                "--oid", "55555555-5555-5555-5555-555555555555")).caller();
        assertEquals(List.of("User.Read"), List.copyOf(reader.scopes()));
        assertEquals("bob@contoso.com", reader.userPrincipalName());
        Caller nobody = verifier.verify(mint(keys, "--shape", "entra-v2", "--upn", "")).caller();
        assertNull(nobody.userPrincipalName(), "--upn \"\" leaves preferred_username out");
    }

    private static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "bin/portrait no longer has " + regex);
        return matcher.group(1);
    }

    /** The tool's token command; environment variables that would change its defaults are not set in tests. */
    private static synchronized String mint(Path keys, String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--keys", keys.toString()));
        arguments.addAll(List.of(options));
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.US_ASCII));
        try {
            tokenCommand.invoke(null, arguments);
        } finally {
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.US_ASCII).trim();
    }
}
