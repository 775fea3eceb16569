package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pieces of bin/PortraitImport.java that ImportIT cannot reach with JDK-made images or a
 * well-behaved server: WebP headers (the JDK writes no WebP), cut-off headers, Retry-After as an
 * HTTP date, CSV quoting, the owner-name rules and --url forms. The tool is a single source file run
 * by the Java launcher, so this test compiles it the same way and calls it by reflection.
 */
class PortraitImportTest {

    /** From ImageProcessorFormatsTest: 32x16 WebPs made with cwebp (VP8, VP8L, VP8X). */
    private static final String WEBP_LOSSY = "UklGRk4AAABXRUJQVlA4IEIAAAAQAwCdASogABAAAUAmJaACdMoRwN4B+IH6q8YFygATfQAA"
            + "/vLrf/zUxYDJHP/0sa3VwBw/65bK3o+M3Kvi7lqoAAA=";
    private static final String WEBP_LOSSLESS = "UklGRiQAAABXRUJQVlA4TBgAAAAvH8ADEA8Q8x/zHwyBQJK/9AALRPQ/ihc=";
    private static final String WEBP_EXTENDED = "UklGRnwAAABXRUJQVlA4WAoAAAAQAAAAHwAADwAAQUxQSBMAAAABDzD/ERFCIJDkLz3AAhH9j+IF"
            + "AFZQOCBCAAAAEAMAnQEqIAAQAAFAJiWgAnTKEcDeAfiB+qvGBcoAE30AAP7y63/81MWAyRz/9LGt1cAcP+uWyt6PjNyr4u5aqAAA";

    private static ClassLoader tool;

    @BeforeAll
    static void compileTheTool() throws Exception {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path classes = Files.createDirectories(basedir.resolve("target/portrait-import-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, System.err, "-d", classes.toString(), "-proc:none",
                basedir.resolve("bin/PortraitImport.java").toString());
        assertEquals(0, status, "bin/PortraitImport.java does not compile");
        tool = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void webpHeadersOfAllThreeKindsGiveTheirSize() throws Exception {
        for (String webp : List.of(WEBP_LOSSY, WEBP_LOSSLESS, WEBP_EXTENDED)) {
            assertEquals("image/webp 32x16", header(Base64.getDecoder().decode(webp)));
        }
        assertEquals("a WebP cut off in its header", header(Arrays.copyOf(Base64.getDecoder().decode(WEBP_LOSSLESS), 20)));
    }

    @Test
    void headersOfTheJdkFormatsAndBrokenOnes() throws Exception {
        assertEquals("image/jpeg 300x200", header(TestImages.jpeg(300, 200, Color.RED)));
        assertEquals("image/png 31x17", header(TestImages.png(31, 17, Color.RED)));
        assertEquals("image/gif 40x30", header(TestImages.image("gif", 40, 30, Color.RED)));
        assertEquals("image/bmp 41x29", header(TestImages.image("bmp", 41, 29, Color.RED)));
        assertEquals("image/png 20000x20000", header(TestImages.pngDeclaring(20000, 20000)));
        byte[] jpeg = TestImages.jpeg(300, 200, Color.RED);
        assertEquals("a JPEG without a frame header (cut off or damaged)", header(Arrays.copyOf(jpeg, 30)));
        assertEquals("the header says 0x0 pixels", header(TestImages.pngDeclaring(0, 0)));
        assertEquals("the file is empty", header(new byte[0]));
        assertEquals("not a JPEG, PNG, GIF, BMP or WebP file", header("<svg></svg>".getBytes()));
        assertEquals("a PNG without its IHDR header", header(Arrays.copyOf(TestImages.png(8, 8, Color.RED), 12)));
    }

    @Test
    void ownerNames() throws Exception {
        Object users = kind("USER");
        Object groups = kind("GROUP");
        for (String good : List.of("grace.hopper@contoso.com", "o'neil+photos@sub.contoso.co.uk", "Ada@CONTOSO.COM",
                "0a0b0c0d-0000-4000-8000-000000000042", "EMP_1234", "a.b-c")) {
            assertNull(call("OwnerNames", "problem", good, users), good);
        }
        for (String bad : List.of("", "Jane Doe", "a@b@c.com", "@contoso.com", "grace@", "grace@-contoso.com", "..", ".",
                "x/../y", "grace hopper@contoso.com", "émile@contoso.com", "ümlaut", "a".repeat(129))) {
            assertTrue(call("OwnerNames", "problem", bad, users) instanceof String, "'" + bad + "' passed");
        }
        assertNull(call("OwnerNames", "problem", "0a0b0c0d-0000-4000-8000-000000000042", groups));
        assertTrue(call("OwnerNames", "problem", "team@contoso.com", groups) instanceof String);
    }

    @Test
    void csvFields() throws Exception {
        assertEquals(List.of("a@b.com", "x.jpg"), call("Source", "csvFields", "a@b.com,x.jpg"));
        assertEquals(List.of("a@b.com", "HR export, 2026/x.jpg"), call("Source", "csvFields", "a@b.com,\"HR export, 2026/x.jpg\""));
        assertEquals(List.of("a@b.com", "say \"cheese\".jpg"), call("Source", "csvFields", "a@b.com,\"say \"\"cheese\"\".jpg\""));
        assertEquals(List.of("a@b.com", "x.jpg", ""), call("Source", "csvFields", "a@b.com,x.jpg,"));
        assertNull(call("Source", "csvFields", "a@b.com,\"x.jpg"));
    }

    @Test
    void retryAfterInSecondsOrAsADateCappedAtTwoMinutes() throws Exception {
        assertEquals(5000L, call("GraphClient", "retryAfterMillis", "5"));
        assertEquals(120_000L, call("GraphClient", "retryAfterMillis", "86400"));
        assertEquals(0L, call("GraphClient", "retryAfterMillis", "-3"));
        assertNull(call("GraphClient", "retryAfterMillis", "soon"));
        assertNull(call("GraphClient", "retryAfterMillis", (Object) null));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        long millis = (Long) call("GraphClient", "retryAfterMillis", date);
        assertTrue(millis > 25_000 && millis <= 30_000, date + " -> " + millis);
    }

    @Test
    void urlForms() throws Exception {
        assertEquals("https://photos.example.com", call("Options", "root", "https://photos.example.com/v1.0/").toString());
        assertEquals("http://127.0.0.1:8080/portrait", call("Options", "root", "http://127.0.0.1:8080/portrait/V1.0").toString());
        for (String bad : List.of("ftp://x", "photos.example.com", "http://x/?a=b", "http://")) {
            InvocationTargetException thrown = org.junit.jupiter.api.Assertions.assertThrows(InvocationTargetException.class,
                    () -> call("Options", "root", bad), bad);
            assertEquals("UsageException", thrown.getCause().getClass().getSimpleName());
        }
    }

    @Test
    void graphErrorJson() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) call("Json", "object",
                "{\"error\":{\"code\":\"InvalidImage\",\"message\":\"say \\\"cheese\\\" \\u00e9\",\"innerError\":{\"n\":[1,2.5,true,null]}}}");
        assertEquals(Map.of("code", "InvalidImage", "message", "say \"cheese\" é", "innerError", Map.of("n", Arrays.asList(1.0, 2.5, true, null))),
                json.get("error"));
        InvocationTargetException thrown = org.junit.jupiter.api.Assertions.assertThrows(InvocationTargetException.class,
                () -> call("Json", "object", "<html>"));
        assertEquals(IllegalArgumentException.class, thrown.getCause().getClass());
    }

    /** "type WxH", or the reason the bytes are not a supported image. */
    private static String header(byte[] bytes) throws Exception {
        StringBuilder why = new StringBuilder();
        Object header = call("ImageHeaders", "read", bytes, why);
        if (header == null) {
            return why.toString();
        }
        Class<?> type = header.getClass();
        return accessor(type, "contentType").invoke(header) + " " + accessor(type, "width").invoke(header)
                + "x" + accessor(type, "height").invoke(header);
    }

    private static Method accessor(Class<?> type, String name) throws NoSuchMethodException {
        Method method = type.getDeclaredMethod(name);
        method.setAccessible(true);
        return method;
    }

    private static Object kind(String name) throws ClassNotFoundException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object kind = Enum.valueOf((Class) Class.forName("Kind", true, tool), name);
        return kind;
    }

    /** A static method of one of the tool's classes, found by name and argument count. */
    private static Object call(String className, String methodName, Object... arguments) throws Exception {
        Class<?> type = Class.forName(className, true, tool);
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(methodName) && method.getParameterCount() == arguments.length) {
                method.setAccessible(true);
                return method.invoke(null, arguments);
            }
        }
        throw new NoSuchMethodException(className + "." + methodName);
    }
}
