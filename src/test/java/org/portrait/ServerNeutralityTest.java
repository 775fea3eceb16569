package org.portrait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same WAR deploys on Payara and on WildFly (docs/wildfly.md): checked on the compiled classes, by the
 * type names each one refers to (a class file names every type it uses).
 */
class ServerNeutralityTest {

    /** Compiled class -> its bytes as text (type names are ASCII in the constant pool). */
    private static Map<String, String> classes() throws IOException, URISyntaxException {
        Path root = Path.of(PortraitApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, String> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.put(root.relativize(file).toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(classes.size() > 50, () -> "found only " + classes.keySet() + " in " + root);
        return classes;
    }

    private static List<String> referencing(String typePrefix) throws IOException, URISyntaxException {
        return classes().entrySet().stream().filter(c -> c.getValue().contains(typePrefix)).map(Map.Entry::getKey).toList();
    }

    @Test
    void noClassIsServerSpecific() throws Exception {
        for (String server : List.of("fish/payara/", "com/sun/enterprise/", "org/glassfish/", "org/jboss/",
                "org/wildfly/", "io/smallrye/", "org/hibernate/")) {
            assertEquals(List.of(), referencing(server), server);
        }
    }

    /** WildFly's standalone-microprofile.xml has no EJB container: an EJB there is silently never created. */
    @Test
    void noClassUsesEjb() throws Exception {
        assertEquals(List.of(), referencing("jakarta/ejb/"));
    }

    /**
     * Weld loads every type in a bean's fields and signatures, and a type missing on the server fails the whole
     * deployment: only the metrics implementations, picked at start-up when their API is present, name one.
     */
    @Test
    void onlyTheMetricsImplementationsNameAMetricsApi() throws Exception {
        assertEquals(List.of("org/portrait/metrics/control/MicroProfileMeters.class"),
                referencing("org/eclipse/microprofile/metrics/"));
        assertEquals(List.of("org/portrait/metrics/control/MicrometerMeters.class"), referencing("io/micrometer/"));
    }

    /** EclipseLink is Payara's JPA provider only: named by a property that other providers ignore. */
    @Test
    void onlyTheSessionCustomizerNamesEclipseLink() throws Exception {
        assertEquals(List.of("org/portrait/schema/control/FailFastSessionCustomizer.class"),
                referencing("org/eclipse/persistence/"));
    }

    /**
     * The OpenAPI model is built against MicroProfile OpenAPI 3.x (Payara 6) and runs on 4.x too (WildFly 39),
     * which dropped {@code Schema.nullable} and {@code Schema.type(SchemaType)}: a call to either fails the
     * deployment there with NoSuchMethodError. The type goes through SchemaTypes; nullability is left to the
     * description.
     */
    @Test
    void theOpenApiModelCallsNoSchemaMethodThatOpenApi4Dropped() throws Exception {
        assertEquals(List.of(), classes().entrySet().stream()
                .filter(c -> c.getKey().startsWith("org/portrait/openapi/") && c.getValue().contains("nullable"))
                .map(Map.Entry::getKey).toList());
    }
}
