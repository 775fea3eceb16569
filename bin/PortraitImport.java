import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Bulk import of profile photos into any Portrait server through its public Graph API
 * ({@code bin/portrait import SOURCE [options]}; docs/bulk-import.md). JDK classes only, run with
 * the Java 17 source launcher. SOURCE is a directory or zip of {@code <userPrincipalName>.<ext>} or
 * {@code <object id>.<ext>} files, or a CSV of {@code owner,file} lines.
 * <p>
 * Each photo is checked locally (name, size, format and header), its owner looked up
 * ({@code GET /v1.0/users/{x}}), created on request ({@code POST /v1.0/users}) and its photo sent
 * with {@code PUT /v1.0/users/{id}/photo/$value}. A state file records every upload by server,
 * owner and the file's SHA-256, written before the request ("pending", with the owner's photo ETag
 * at that moment) and after it ("done"): a run that was cut off, however, uploads nothing twice on
 * the next run, because a pending upload whose owner's ETag has changed since was stored.
 */
public class PortraitImport {

    static final String USAGE = """
            Usage: bin/portrait import SOURCE [options]

            Uploads profile photos to a Portrait server through its Graph API.
            SOURCE is one of
              a directory   files named <userPrincipalName>.<ext> or <object id>.<ext>
                            (ext: jpg, jpeg, png, gif, bmp, webp), subdirectories included
              a .zip file   the same names inside
              a .csv file   owner,file lines (header optional, file paths relative to the CSV)

            Options (defaults in brackets):
              --url URL          the server's root, e.g. https://photos.example.com (a trailing
                                 /v1.0 is accepted) [$PORTRAIT_URL or http://localhost:$PORT, PORT 8080]
              --token TOKEN      bearer token [$PORTRAIT_TOKEN]; it needs User.ReadWrite.All or
                                 ProfilePhoto.ReadWrite.All (Group.ReadWrite.All with --groups);
                                 --create-missing needs User.ReadWrite.All
              --groups           names are group ids: upload group photos
              --create-missing   create users that do not exist from a <userPrincipalName> name
                                 (files named by object id are reported instead)
              --dry-run          check names, sizes, formats (and owners, given a token);
                                 upload and create nothing
              --concurrency N    uploads at a time [2]
              --state FILE       resume state [portrait-import.state]
              --report FILE      failures report, CSV [portrait-import-failures.csv]
              --max-bytes N      largest file sent, bytes (K, M suffixes: KiB, MiB); larger files
                                 are reported, not sent; the server's limit [4M]
              --max-pixels N     largest width x height sent; the server's limit [50000000]
              --retry-for SECS   how long to wait out an unreachable or busy server before
                                 stopping (the run can be resumed) [300]
              --progress-every SECS  seconds between progress lines when not on a terminal [10]

            Exit status: 0 all photos imported; 1 some files failed (see the report);
            2 bad options or unreadable SOURCE; 3 stopped early (unreachable server, rejected
            token, interrupted): run the same command again to resume.
            """;

    static final int EXIT_FAILURES = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_STOPPED = 3;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println("portrait import: " + e.getMessage());
            System.err.println("(bin/portrait import --help lists the options)");
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        Importer importer = new Importer(options, System.out, System.console() != null);
        Thread hook = new Thread(importer::interruptAndWait, "portrait-import-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = importer.run();
        if (!importer.interrupted()) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(status);
        }
    }
}

/** A bad command line. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}

/** The command line. */
final class Options {
    Path source;
    URI root;
    String token;
    boolean groups;
    boolean createMissing;
    boolean dryRun;
    boolean help;
    int concurrency = 2;
    Path state = Path.of("portrait-import.state");
    Path report = Path.of("portrait-import-failures.csv");
    long maxBytes = 4L * 1024 * 1024;
    long maxPixels = 50_000_000L;
    Duration retryFor = Duration.ofSeconds(300);
    Duration progressEvery = Duration.ofSeconds(10);

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        String url = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> o.help = true;
                case "--groups" -> o.groups = true;
                case "--create-missing" -> o.createMissing = true;
                case "--dry-run" -> o.dryRun = true;
                case "--url" -> url = value != null ? value : next(args, ++i, arg);
                case "--token" -> o.token = value != null ? value : next(args, ++i, arg);
                case "--state" -> o.state = Path.of(value != null ? value : next(args, ++i, arg));
                case "--report" -> o.report = Path.of(value != null ? value : next(args, ++i, arg));
                case "--concurrency" -> o.concurrency = (int) number(arg, value != null ? value : next(args, ++i, arg), 1, 64);
                case "--max-bytes" -> o.maxBytes = number(arg, value != null ? value : next(args, ++i, arg), 1, Integer.MAX_VALUE - 16);
                case "--max-pixels" -> o.maxPixels = number(arg, value != null ? value : next(args, ++i, arg), 1, Long.MAX_VALUE);
                case "--retry-for" -> o.retryFor = Duration.ofSeconds(number(arg, value != null ? value : next(args, ++i, arg), 0, 86_400));
                case "--progress-every" -> o.progressEvery = Duration.ofSeconds(number(arg, value != null ? value : next(args, ++i, arg), 1, 86_400));
                default -> {
                    if (arg.startsWith("-") && !arg.equals("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (o.help) {
            return o;
        }
        if (positional.size() != 1) {
            throw new UsageException(positional.isEmpty() ? "SOURCE is missing" : "one SOURCE only, got " + positional);
        }
        o.source = Path.of(positional.get(0));
        if (o.groups && o.createMissing) {
            throw new UsageException("--create-missing creates users only; groups must exist (POST /v1.0/groups cannot keep an id)");
        }
        if (o.token == null || o.token.isBlank()) {
            o.token = System.getenv("PORTRAIT_TOKEN");
        }
        if (o.token != null) {
            o.token = o.token.strip();
            if (o.token.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
                o.token = o.token.substring(7).strip();
            }
            if (o.token.isEmpty()) {
                o.token = null;
            }
        }
        if (o.token == null && !o.dryRun) {
            throw new UsageException("no token: pass --token or set PORTRAIT_TOKEN (bin/portrait token mints one for a development server)");
        }
        if (url == null) {
            url = System.getenv("PORTRAIT_URL");
        }
        if (url == null || url.isBlank()) {
            String port = System.getenv().getOrDefault("PORT", "8080");
            url = "http://localhost:" + port;
        }
        o.root = root(url);
        return o;
    }

    /** The server's root: scheme, host, port and any path before /v1.0, without a trailing slash. */
    static URI root(String url) throws UsageException {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.toLowerCase(Locale.ROOT).endsWith("/v1.0")) {
            u = u.substring(0, u.length() - "/v1.0".length());
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new UsageException("--url must be http(s)://host[:port][/path], got " + url);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--url is not a URL: " + url);
        }
    }

    private static String next(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String option, String text, long min, long max) throws UsageException {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long factor = 1;
        if (option.equals("--max-bytes") && (t.endsWith("K") || t.endsWith("M"))) {
            factor = t.endsWith("K") ? 1024 : 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Math.multiplyExact(Long.parseLong(t), factor);
            if (n < min || n > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ", got " + text);
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(option + " needs a number, got " + text);
        }
    }
}

/** Users or groups, and where the API keeps them. */
enum Kind {
    USER("users"), GROUP("groups");

    final String collection;

    Kind(String collection) {
        this.collection = collection;
    }
}

/** What a name says about its owner: a userPrincipalName or an object id, or why it is neither. */
final class OwnerNames {

    /** Portrait keeps client-chosen ids from this alphabet (and so do Entra ID's GUIDs). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DOTS = Pattern.compile("\\.+");
    /** RFC 5322 atext plus dots for the local part; a DNS name for the domain. */
    private static final Pattern UPN = Pattern.compile(
            "[A-Za-z0-9!#$&'*+/=?^_`{|}~.-]{1,200}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*");

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp");

    private OwnerNames() {
    }

    static boolean isUpn(String owner) {
        return owner.indexOf('@') >= 0;
    }

    /** Null when {@code owner} names a user (or, for groups, a group), else the reason it does not. */
    static String problem(String owner, Kind kind) {
        if (owner.isEmpty()) {
            return "the owner is empty";
        }
        if (kind == Kind.GROUP) {
            return ID.matcher(owner).matches() && !DOTS.matcher(owner).matches() ? null
                    : "'" + printable(owner) + "' is not a group id (letters, digits, '.', '_', '-'; groups are named by id only)";
        }
        if (isUpn(owner)) {
            return owner.length() <= 255 && UPN.matcher(owner).matches() ? null
                    : "'" + printable(owner) + "' is not a userPrincipalName (name@domain)";
        }
        return ID.matcher(owner).matches() && !DOTS.matcher(owner).matches() ? null
                : "'" + printable(owner) + "' is neither a userPrincipalName (name@domain) nor an object id (letters, digits, '.', '_', '-')";
    }

    /** For messages: control characters shown as '?', long names cut. */
    static String printable(String text) {
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 120 ? shown.substring(0, 117) + "..." : shown;
    }
}

/** Reads the bytes of one photo, at most {@code limit + 1} of them (so "too large" is seen without reading it all). */
interface PhotoLoader {
    byte[] read(long limit) throws IOException;
}

/** One photo of the source, in source order, and what became of it. */
final class Entry {
    final int order;
    /** As the report shows it: a path relative to the source directory, a zip entry name, or a CSV's file column. */
    final String file;
    final String owner;
    final PhotoLoader loader;

    String sha256;
    String contentType;
    /** The owner's object id on the server, once looked up. */
    String id;
    boolean create;
    /** From the state file: an upload of this file was under way when the owner's photo had this ETag. */
    String pendingEtag;

    Entry(int order, String file, String owner, PhotoLoader loader) {
        this.order = order;
        this.file = file;
        this.owner = owner;
        this.loader = loader;
    }

    String ownerKey() {
        return owner.toLowerCase(Locale.ROOT);
    }
}

/** A line of the failures report. Status 0 means the server was not asked. */
record Failure(int order, String file, String owner, int status, String code, String message) {
}

/** SOURCE as a list of entries, plus report lines for what cannot be an entry. */
final class Source implements AutoCloseable {

    final String description;
    final List<Entry> entries = new ArrayList<>();
    final List<Failure> problems = new ArrayList<>();
    private ZipFile zip;

    private Source(String description) {
        this.description = description;
    }

    static Source open(Path path, Kind kind) throws IOException {
        if (Files.isDirectory(path)) {
            Source source = new Source("directory " + path.toAbsolutePath().normalize());
            source.readDirectory(path, kind);
            return source;
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("SOURCE " + path + " is neither a directory nor a file");
        }
        if (!Files.isReadable(path)) {
            throw new IOException("SOURCE " + path + " is not readable");
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 4);
            if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4
                    || path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                Source source = new Source("zip file " + path.toAbsolutePath().normalize());
                source.readZip(path, kind);
                return source;
            }
        }
        Source source = new Source("CSV file " + path.toAbsolutePath().normalize());
        source.readCsv(path, kind);
        return source;
    }

    int size() {
        return entries.size() + problems.size();
    }

    // ------------------------------------------------------------------ a directory

    private void readDirectory(Path dir, Kind kind) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> broken = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!hidden(file)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                broken.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        List<Path> all = new ArrayList<>(files);
        all.addAll(broken);
        // Source order decides which of two photos of one owner wins: make it the same on every machine.
        all.sort(Comparator.comparing(p -> relative(dir, p)));
        int order = 0;
        for (Path file : all) {
            String shown = relative(dir, file);
            order++;
            if (broken.contains(file)) {
                problems.add(new Failure(order, shown, "", 0, "Unreadable", "cannot be read (no permission to list or open it)"));
                continue;
            }
            String name = file.getFileName().toString();
            String owner = ownerOfFileName(name, kind, order, shown);
            if (owner == null) {
                continue;
            }
            if (!Files.isRegularFile(file)) { // follows links: a link to a regular file is fine
                problems.add(new Failure(order, shown, owner, 0, "Unreadable", Files.isSymbolicLink(file)
                        ? "a symbolic link to nothing readable" : "not a regular file"));
                continue;
            }
            entries.add(new Entry(order, shown, owner, limit -> readFile(file, limit)));
        }
    }

    private static boolean hidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    static byte[] readFile(Path file, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
    }

    /** The owner named by {@code <owner>.<image extension>}, or null after adding a report line. */
    private String ownerOfFileName(String name, Kind kind, int order, String shown) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String owner = dot < 0 ? name : name.substring(0, dot);
        String expected = kind == Kind.GROUP ? "<group id>.<ext>" : "<userPrincipalName>.<ext> or <object id>.<ext>";
        if (!OwnerNames.IMAGE_EXTENSIONS.contains(extension)) {
            problems.add(new Failure(order, shown, "", 0, "InvalidName",
                    "expected " + expected + " with ext jpg, jpeg, png, gif, bmp or webp"));
            return null;
        }
        String problem = OwnerNames.problem(owner, kind);
        if (problem != null) {
            problems.add(new Failure(order, shown, owner, 0, "InvalidName", problem + "; expected " + expected));
            return null;
        }
        return owner;
    }

    // ------------------------------------------------------------------ a zip file

    private void readZip(Path path, Kind kind) throws IOException {
        try {
            zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            // Windows' built-in zip writes names in the OEM code page without saying so.
            try {
                zip = new ZipFile(path.toFile(), Charset.forName("IBM437"));
            } catch (ZipException again) {
                throw new IOException("SOURCE " + path + " is not a readable zip file: " + e.getMessage());
            }
        }
        int order = 0;
        for (ZipEntry entry : Collections.list(zip.entries())) {
            String name = entry.getName();
            String base = name.substring(name.lastIndexOf('/') + 1);
            // Directories, macOS resource forks and dot files are not photos.
            if (entry.isDirectory() || base.isEmpty() || base.startsWith(".") || name.startsWith("__MACOSX/")
                    || name.contains("/.")) {
                continue;
            }
            order++;
            String owner = ownerOfFileName(base, kind, order, name);
            if (owner != null) {
                ZipFile archive = zip;
                entries.add(new Entry(order, name, owner, limit -> {
                    try (InputStream in = archive.getInputStream(entry)) {
                        // Never trust the declared size: a zip bomb inflates only up to the limit.
                        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                    }
                }));
            }
        }
    }

    // ------------------------------------------------------------------ a CSV file

    private void readCsv(Path csv, Kind kind) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(csv))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("SOURCE " + csv + " is not a UTF-8 CSV file (nor a directory or zip file)");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Path base = csv.toAbsolutePath().getParent();
        String csvName = csv.getFileName().toString();
        String[] lines = text.split("\r?\n|\r", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> fields = csvFields(line);
            boolean header = first && fields != null && !fields.isEmpty() && fields.get(0).strip().equalsIgnoreCase("owner");
            first = false;
            if (header) {
                continue;
            }
            String where = csvName + ":" + number;
            if (fields == null || fields.size() != 2) {
                problems.add(new Failure(number, where, "", 0, "InvalidCsvLine",
                        "expected owner,file (two fields; quote a field that holds a comma), got: " + OwnerNames.printable(line)));
                continue;
            }
            String owner = fields.get(0).strip();
            String file = fields.get(1).strip();
            String problem = OwnerNames.problem(owner, kind);
            if (file.isEmpty()) {
                problems.add(new Failure(number, where, owner, 0, "InvalidCsvLine", "the file field is empty"));
                continue;
            }
            if (problem != null) {
                problems.add(new Failure(number, file, owner, 0, "InvalidName", problem));
                continue;
            }
            Path photo;
            try {
                photo = base.resolve(file).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                problems.add(new Failure(number, file, owner, 0, "Unreadable", "not a file path: " + e.getReason()));
                continue;
            }
            if (!Files.isRegularFile(photo)) {
                problems.add(new Failure(number, file, owner, 0, "Unreadable", Files.exists(photo, LinkOption.NOFOLLOW_LINKS)
                        ? "not a regular file: " + photo : "no such file: " + photo));
                continue;
            }
            entries.add(new Entry(number, file, owner, limit -> readFile(photo, limit)));
        }
    }

    /** RFC 4180 fields of one line; null when a quote is not closed. */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}

/** The five formats Portrait decodes, told by their first bytes, with the size from the header. */
final class ImageHeaders {

    record Header(String contentType, long width, long height) {
    }

    private ImageHeaders() {
    }

    /** The header of a supported image, or null when these bytes are not one (the reason in {@code why}). */
    static Header read(byte[] b, StringBuilder why) {
        int n = b.length;
        if (n == 0) {
            why.append("the file is empty");
            return null;
        }
        if (n >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return jpeg(b, why);
        }
        if (n >= 8 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            if (n < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
                why.append("a PNG without its IHDR header");
                return null;
            }
            return sized("image/png", u32be(b, 16), u32be(b, 20), why);
        }
        if (n >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            if (n < 10) {
                why.append("a GIF cut off in its header");
                return null;
            }
            return sized("image/gif", u16le(b, 6), u16le(b, 8), why);
        }
        if (n >= 2 && b[0] == 'B' && b[1] == 'M') {
            if (n < 26) {
                why.append("a BMP cut off in its header");
                return null;
            }
            long headerSize = u32le(b, 14);
            if (headerSize == 12) {
                return sized("image/bmp", u16le(b, 18), u16le(b, 20), why);
            }
            return sized("image/bmp", Math.abs((long) (int) u32le(b, 18)), Math.abs((long) (int) u32le(b, 22)), why);
        }
        if (n >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return webp(b, why);
        }
        why.append("not a JPEG, PNG, GIF, BMP or WebP file");
        return null;
    }

    private static Header jpeg(byte[] b, StringBuilder why) {
        int i = 2;
        while (i + 4 <= b.length) {
            if (u8(b, i) != 0xFF) {
                why.append("a JPEG with a broken marker structure");
                return null;
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                i += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // scan data or end before any frame header
            }
            int length = u16be(b, i + 2);
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                if (i + 9 > b.length) {
                    break;
                }
                return sized("image/jpeg", u16be(b, i + 7), u16be(b, i + 5), why);
            }
            if (length < 2) {
                why.append("a JPEG with a broken marker structure");
                return null;
            }
            i += 2 + length;
        }
        why.append("a JPEG without a frame header (cut off or damaged)");
        return null;
    }

    private static Header webp(byte[] b, StringBuilder why) {
        if (b.length >= 30 && b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == ' ') {
            if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) {
                why.append("a WebP (VP8) with a broken frame header");
                return null;
            }
            return sized("image/webp", u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF, why);
        }
        if (b.length >= 25 && b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'L') {
            if (u8(b, 20) != 0x2F) {
                why.append("a WebP (VP8L) with a broken header");
                return null;
            }
            long bits = u32le(b, 21);
            return sized("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, why);
        }
        if (b.length >= 30 && b[12] == 'V' && b[13] == 'P' && b[14] == '8' && b[15] == 'X') {
            return sized("image/webp", 1 + u24le(b, 24), 1 + u24le(b, 27), why);
        }
        why.append("a WebP cut off in its header");
        return null;
    }

    private static Header sized(String type, long width, long height, StringBuilder why) {
        if (width <= 0 || height <= 0) {
            why.append("the header says ").append(width).append('x').append(height).append(" pixels");
            return null;
        }
        return new Header(type, width, height);
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16be(byte[] b, int i) {
        return u8(b, i) << 8 | u8(b, i + 1);
    }

    private static int u16le(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8;
    }

    private static long u24le(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8 | (long) u8(b, i + 2) << 16;
    }

    private static long u32be(byte[] b, int i) {
        return (long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3);
    }

    private static long u32le(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16 | (long) u8(b, i + 3) << 24;
    }
}

/**
 * The resume state: an append-only text file, one line per event, tab-separated:
 * {@code pending SERVER KIND OWNER SHA256 ETAG-BEFORE TIME} before an upload and
 * {@code done SERVER KIND OWNER SHA256 OWNER-ID TIME} after it was stored. Several sources and servers can
 * share one file: every line names its server, owner and file content. A torn last line (a kill in
 * the middle of a write) is ignored.
 */
final class StateFile implements AutoCloseable {

    enum Status { PENDING, DONE }

    /** For a pending upload the owner's ETag before it, for a done one the owner's object id (null if unknown). */
    record Mark(Status status, String etagBefore, String id) {
    }

    private final Path path;
    private final String server;
    private final Map<String, Mark> marks = new HashMap<>();
    private FileChannel channel;
    private FileLock lock;

    StateFile(Path path, String server) {
        this.path = path.toAbsolutePath().normalize();
        this.server = server;
    }

    Path path() {
        return path;
    }

    /** Reads the file; unless {@code readOnly}, opens it for appending and locks it against a second import. */
    void open(boolean readOnly) throws IOException {
        if (Files.exists(path)) {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length != 7 || !f[1].equals(server)) {
                    continue;
                }
                String key = key(f[2], f[3], f[4]);
                if (f[0].equals("done")) {
                    marks.put(key, new Mark(Status.DONE, null, f[5].equals("-") ? null : f[5]));
                } else if (f[0].equals("pending") && marks.getOrDefault(key, new Mark(Status.PENDING, null, null)).status() != Status.DONE) {
                    marks.put(key, new Mark(Status.PENDING, f[5], null));
                }
            }
        }
        if (readOnly) {
            return;
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        boolean tornLine = false; // a kill in the middle of a write
        if (Files.exists(path) && Files.size(path) > 0) {
            try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                reader.read(last, reader.size() - 1);
                tornLine = last.get(0) != '\n';
            }
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another import is using the state file " + path + " (wait for it, or pass --state)");
        }
        if (channel.size() == 0) {
            write("# Portrait import state (docs/bulk-import.md): pending|done, server, kind, owner, SHA-256 of the file, owner's ETag before (pending) or id (done), time\n");
        } else if (tornLine) {
            write("\n"); // after a torn line, start a fresh one
        }
    }

    Mark mark(Kind kind, String owner, String sha256) {
        return marks.get(key(kind.name(), owner, sha256));
    }

    void pending(Kind kind, String owner, String sha256, String etagBefore) throws IOException {
        append("pending", kind, owner, sha256, etagBefore);
    }

    void done(Kind kind, String owner, String sha256, String id) throws IOException {
        append("done", kind, owner, sha256, id == null ? "-" : id);
    }

    private void append(String status, Kind kind, String owner, String sha256, String etag) throws IOException {
        // One write per line, straight to the file: once written, a kill of this process cannot lose it.
        write(String.join("\t", status, server, kind.name(), owner, sha256, etag.replaceAll("[\t\r\n]", " "),
                Instant.now().toString()) + "\n");
    }

    private synchronized void write(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static String key(String kind, String owner, String sha256) {
        return kind + "\t" + owner + "\t" + sha256;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}

/** The run is to stop here, with this exit status (resumable). */
final class StopException extends RuntimeException {
    StopException(String message) {
        super(message);
    }
}

/** A request that may or may not have reached the server: the connection broke after it was sent. */
final class AmbiguousException extends Exception {
    AmbiguousException(IOException cause) {
        super(cause.toString(), cause);
    }
}

/** An answer of the server, its Graph error (if any) read from the body. */
record Answer(int status, Map<String, List<String>> headers, byte[] body) {

    Map<String, Object> json() {
        try {
            return Json.object(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    /** error.code of a Graph error body, or null when the body is not one. */
    String errorCode() {
        return json().get("error") instanceof Map<?, ?> error && error.get("code") instanceof String code ? code : null;
    }

    String errorMessage() {
        if (json().get("error") instanceof Map<?, ?> error && error.get("message") instanceof String message) {
            return message;
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "HTTP " + status + " without a body" : "HTTP " + status + ": " + OwnerNames.printable(text);
    }

    String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
}

/**
 * HTTP with the waiting that makes an import survive a busy or restarting server: 429 and 503 wait
 * for their Retry-After, a refused connection (a server restarting) is retried with backoff, and
 * every thread waits while one of them is told to. After {@code retryFor} of trouble the run stops.
 */
final class GraphClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final URI root;
    private final String token;
    private final Duration retryFor;
    private final AtomicBoolean stopping;
    private final Consumer<String> notice;
    private final Object pauseLock = new Object();
    private long pauseUntil; // System.nanoTime()
    private final AtomicLong lastNotice = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    final AtomicInteger busyAnswers = new AtomicInteger();
    final AtomicInteger unreachable = new AtomicInteger();

    GraphClient(URI root, String token, Duration retryFor, AtomicBoolean stopping, Consumer<String> notice) {
        this.root = root;
        this.token = token;
        this.retryFor = retryFor;
        this.stopping = stopping;
        this.notice = notice;
    }

    String url(String path) {
        return root.toString() + "/v1.0/" + path;
    }

    /** A path segment: everything but unreserved characters and '@' percent-encoded. */
    static String segment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~@".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    Answer get(String path) {
        try {
            return send(request(path).GET().timeout(Duration.ofSeconds(60)), true, false);
        } catch (AmbiguousException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** A GET whose answer is returned whatever it is (only an unreachable server is waited for): the first request. */
    Answer probe(String path) {
        try {
            return send(request(path).GET().timeout(Duration.ofSeconds(60)), true, true);
        } catch (AmbiguousException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** POST of JSON; retried like a GET (a second create of the same user is a 400 the caller handles). */
    Answer postJson(String path, String json) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).timeout(Duration.ofSeconds(60)), true, false);
        } catch (AmbiguousException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    Answer put(String path, byte[] body, String contentType) throws AmbiguousException {
        return send(request(path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(300)), false, false);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .header("client-request-id", UUID.randomUUID().toString())
                .header("User-Agent", "portrait-import/1");
    }

    /**
     * Sends until the server gives an answer that is not "wait": any status but 429, 503 and a
     * gateway's or restarting container's error without a Graph body. A broken connection is retried
     * for requests that may be repeated and reported as ambiguous for the others.
     */
    private Answer send(HttpRequest.Builder builder, boolean repeatable, boolean anyAnswer) throws AmbiguousException {
        long troubleSince = 0;
        int attempt = 0;
        int serverErrors = 0;
        while (true) {
            if (stopping.get()) {
                throw new StopException("interrupted");
            }
            awaitPause();
            String trouble;
            long delayMillis;
            try {
                HttpResponse<byte[]> response = http.send(builder.copy().build(), HttpResponse.BodyHandlers.ofByteArray());
                Answer answer = new Answer(response.statusCode(), response.headers().map(), response.body());
                int status = answer.status();
                boolean graph = answer.errorCode() != null;
                if (status == 401 && graph) {
                    throw new StopException("the server rejected the token (401 " + answer.errorMessage()
                            + "): it is expired or not for this server; run again with a fresh token to resume");
                }
                boolean busy = status == 429 || status == 503;
                // Without a Graph error body these come from the container while it starts or stops, or
                // from a proxy in front of it: Portrait itself always answers Graph errors.
                boolean gateway = !graph && Set.of(401, 403, 404, 500, 502, 503, 504).contains(status);
                // A server shutting down answers some requests with 500: a repeatable one is tried again, a few times.
                boolean failing = status == 500 && repeatable && !gateway && ++serverErrors < 3;
                if (anyAnswer || !busy && !gateway && !failing) {
                    return answer;
                }
                if (busy) {
                    busyAnswers.incrementAndGet();
                } else {
                    unreachable.incrementAndGet(); // restarting, or a gateway without its server
                }
                trouble = busy ? "the server is busy (" + status + ")" : failing ? "the server failed (500 " + answer.errorMessage() + ")"
                        : "the server answers " + status + " without a Graph error (starting, stopping, or a proxy in front of it)";
                Long retryAfter = retryAfterMillis(answer.header("Retry-After"));
                delayMillis = retryAfter != null ? retryAfter : backoffMillis(attempt);
            } catch (ConnectException | HttpConnectTimeoutException e) {
                unreachable.incrementAndGet();
                trouble = "the server is unreachable (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
                delayMillis = backoffMillis(attempt);
            } catch (IOException e) {
                if (!repeatable) {
                    throw new AmbiguousException(e);
                }
                unreachable.incrementAndGet();
                trouble = "the connection broke (" + e + ")";
                delayMillis = backoffMillis(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StopException("interrupted");
            }
            long now = System.nanoTime();
            if (troubleSince == 0) {
                troubleSince = now;
            }
            long troubleMillis = TimeUnit.NANOSECONDS.toMillis(now - troubleSince);
            if (troubleMillis + delayMillis > retryFor.toMillis()) {
                throw new StopException(trouble + " for " + (troubleMillis / 1000) + " s (--retry-for " + retryFor.toSeconds()
                        + " s); run again to resume");
            }
            pause(delayMillis);
            if (now - lastNotice.get() > TimeUnit.SECONDS.toNanos(10)) {
                lastNotice.set(now);
                notice.accept(trouble + ": waiting, retrying for up to " + retryFor.toSeconds() + " s");
            }
            attempt++;
        }
    }

    /** 0.5, 1, 2, 4, 8, 10, 10 ... seconds, with a little jitter so that threads do not knock together. */
    private static long backoffMillis(int attempt) {
        long base = Math.min(10_000, 500L << Math.min(attempt, 5));
        return base + (long) (Math.random() * base / 5);
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. Capped at two minutes. */
    static Long retryAfterMillis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return Math.min(120_000, Math.max(0, seconds) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                long millis = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
                return Math.min(120_000, Math.max(0, millis));
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private void pause(long millis) {
        synchronized (pauseLock) {
            pauseUntil = Math.max(pauseUntil, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    private void awaitPause() {
        while (true) {
            long wait;
            synchronized (pauseLock) {
                wait = pauseUntil - System.nanoTime();
            }
            if (wait <= 0) {
                return;
            }
            if (stopping.get()) {
                throw new StopException("interrupted");
            }
            try {
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(wait) + 1, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StopException("interrupted");
            }
        }
    }
}

/** The live line on a terminal, a periodic plain line otherwise. */
final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final long everyNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, uploaded}
    private String phase = "";
    private int total;
    private long phaseStart;
    private long lastPlain;
    private int lastLength;
    volatile IntSupplierTriple counts = () -> new int[] {0, 0, 0};

    /** done (uploaded + failed + found done), uploaded, failed */
    interface IntSupplierTriple {
        int[] get();
    }

    Progress(PrintStream out, boolean terminal, Duration every) {
        this.out = out;
        this.terminal = terminal;
        this.everyNanos = every.toNanos();
    }

    /** A phase with nothing to do shows no line. */
    synchronized void phase(String name, int total, IntSupplierTriple counts) {
        finishLine();
        if (total == 0) {
            return;
        }
        this.phase = name;
        this.total = total;
        this.counts = counts;
        this.phaseStart = System.nanoTime();
        this.lastPlain = phaseStart;
        samples.clear();
    }

    /** Called every quarter second. */
    synchronized void tick() {
        if (phase.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (terminal) {
            String line = line(now);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            out.flush();
            lastLength = line.length();
        } else if (now - lastPlain >= everyNanos) {
            lastPlain = now;
            out.println("progress: " + line(now).strip());
            out.flush();
        }
    }

    /** Prints a line of its own (a failure, a notice) without breaking the live line. */
    synchronized void println(String text) {
        if (terminal && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(text);
        out.flush();
    }

    synchronized void finishLine() {
        if (!phase.isEmpty()) {
            if (terminal) {
                tick();
                out.println();
            } else {
                out.println("progress: " + line(System.nanoTime()).strip());
            }
            out.flush();
        }
        phase = "";
        lastLength = 0;
    }

    private String line(long now) {
        int[] c = counts.get();
        int done = c[0];
        samples.addLast(new long[] {now, done});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > TimeUnit.SECONDS.toNanos(20)) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        double seconds = (now - oldest[0]) / 1e9;
        double rate = seconds >= 1 ? (done - oldest[1]) / seconds : 0;
        if (seconds < 1 && now - phaseStart > TimeUnit.SECONDS.toNanos(1)) {
            rate = done / ((now - phaseStart) / 1e9);
        }
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        String eta = rate > 0 ? clock((long) Math.ceil((total - done) / rate)) : "-";
        if (phase.equals("uploading")) {
            return String.format(Locale.ROOT, "%6d/%d done %3d%%  %s photos/s  ETA %s  %d failed so far", done, total, percent,
                    rate > 0 ? String.format(Locale.ROOT, "%.1f", rate) : "-", eta, c[2]);
        }
        return String.format(Locale.ROOT, "%s %d/%d %3d%%", phase, done, total, percent);
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}

/** The run. */
final class Importer {

    private static final int LIVE_FAILURE_LINES = 20;

    private final Options o;
    private final PrintStream out;
    private final Progress progress;
    private final Kind kind;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger uploaded = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger foundStored = new AtomicInteger();
    private final AtomicInteger processed = new AtomicInteger();
    private volatile String stopReason;
    private long uploadStarted;
    private GraphClient client;
    private StateFile state;

    Importer(Options options, PrintStream out, boolean terminal) {
        this.o = options;
        this.out = out;
        this.progress = new Progress(out, terminal, options.progressEvery);
        this.kind = options.groups ? Kind.GROUP : Kind.USER;
    }

    boolean interrupted() {
        return interrupted.get();
    }

    /** Ctrl-C or SIGTERM: take no new photo, let the ones under way end, then let the run report. */
    void interruptAndWait() {
        if (finished.getCount() == 0) {
            return;
        }
        interrupted.set(true);
        stop("interrupted (Ctrl-C or SIGTERM); run the same command again to resume");
        try {
            finished.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        Runtime.getRuntime().halt(PortraitImport.EXIT_STOPPED); // the same status as any other stop, not 130/143
    }

    private void stop(String reason) {
        if (stopping.compareAndSet(false, true)) {
            stopReason = reason;
        }
    }

    int run() {
        long started = System.nanoTime();
        ScheduledTicker ticker = new ScheduledTicker(progress);
        try (Source source = Source.open(o.source, kind)) {
            return run(source, started);
        } catch (IOException e) {
            System.err.println("portrait import: " + e.getMessage());
            return PortraitImport.EXIT_USAGE;
        } finally {
            ticker.close();
            if (state != null) {
                try {
                    state.close();
                } catch (IOException ignored) {
                    // nothing left to write
                }
            }
            finished.countDown();
        }
    }

    private int run(Source source, long started) throws IOException {
        String server = o.root.toString();
        out.printf("Portrait import: %d files in %s -> %s%s%n", source.size(), source.description, server,
                o.dryRun ? " (dry run: nothing is uploaded or created)" : " (concurrency " + o.concurrency + ")");
        source.problems.forEach(this::fail);

        state = new StateFile(o.state, server);
        try {
            state.open(o.dryRun);
        } catch (IOException e) {
            System.err.println("portrait import: " + e.getMessage());
            return PortraitImport.EXIT_USAGE;
        }
        client = o.token == null ? null : new GraphClient(o.root, o.token, o.retryFor, stopping, progress::println);

        // 1. every file on its own: size, format, header, SHA-256
        List<Entry> checked = check(source.entries);
        // 2. one photo per owner: the last one in source order wins
        List<Entry> owned = lastPerOwner(checked, Entry::ownerKey, (loser, winner) ->
                "the owner is named again by " + winner.file + ", later in the source, which wins; this file was not uploaded");
        // 3. what an earlier run did
        List<Entry> todo = new ArrayList<>();
        List<Entry> done = new ArrayList<>();
        for (Entry e : owned) {
            StateFile.Mark mark = state.mark(kind, e.ownerKey(), e.sha256);
            if (mark != null && mark.status() == StateFile.Status.DONE) {
                e.id = mark.id();
                done.add(e);
            } else {
                e.pendingEtag = mark == null ? null : mark.etagBefore();
                todo.add(e);
            }
        }
        // 4. the owners on the server
        int wouldCreate = 0;
        if (client != null && !stopping.get() && !todo.isEmpty()) {
            String problem = preflight();
            if (problem != null) {
                System.err.println("portrait import: " + problem);
                return PortraitImport.EXIT_USAGE;
            }
        }
        if (client != null && !stopping.get()) {
            todo = lookUp(todo);
            if (!stopping.get()) {
                // One owner named two ways (id and userPrincipalName), now or by an earlier run: the last one wins too.
                List<Entry> all = new ArrayList<>(todo);
                all.addAll(done);
                all.sort(Comparator.comparingInt(e -> e.order));
                Set<Entry> kept = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                kept.addAll(lastPerOwner(all, e -> e.create ? "new:" + e.ownerKey()
                        : e.id == null ? "named:" + e.ownerKey() : e.id.toLowerCase(Locale.ROOT), (loser, winner) ->
                        "the same " + (kind == Kind.GROUP ? "group" : "user") + " (id " + winner.id + ") as " + winner.file
                                + ", later in the source, which wins; this file was not uploaded"));
                todo.removeIf(e -> !kept.contains(e));
                done.removeIf(e -> !kept.contains(e));
                wouldCreate = (int) todo.stream().filter(e -> e.create).count();
            }
        }
        int alreadyDone = done.size();
        // 5. the uploads
        if (!o.dryRun && !stopping.get()) {
            upload(todo);
        }
        progress.finishLine();

        writeReport();
        summary(source, started, todo.size(), alreadyDone, wouldCreate);
        if (stopReason != null) {
            return PortraitImport.EXIT_STOPPED;
        }
        return failed.get() > 0 ? PortraitImport.EXIT_FAILURES : 0;
    }

    // ------------------------------------------------------------------ 1. local checks

    private List<Entry> check(List<Entry> entries) {
        AtomicInteger done = new AtomicInteger();
        progress.phase("checking files", entries.size(), () -> new int[] {done.get(), 0, failed.get()});
        List<Entry> ok = Collections.synchronizedList(new ArrayList<>());
        parallel(Math.max(2, Runtime.getRuntime().availableProcessors()), entries, e -> {
            if (stopping.get()) {
                return;
            }
            byte[] bytes = readChecked(e);
            if (bytes != null) {
                ok.add(e);
            }
            done.incrementAndGet();
        });
        List<Entry> sorted = new ArrayList<>(ok);
        sorted.sort(Comparator.comparingInt(e -> e.order));
        return sorted;
    }

    /** The file's bytes when it may be sent (and its hash and type set), else null after a report line. */
    private byte[] readChecked(Entry e) {
        byte[] bytes;
        try {
            bytes = e.loader.read(o.maxBytes);
        } catch (IOException | UncheckedIOException ex) {
            fail(e, 0, "Unreadable", "cannot be read: " + ex.getMessage());
            return null;
        }
        if (bytes.length > o.maxBytes) {
            fail(e, 0, "RequestEntityTooLarge", "larger than --max-bytes " + o.maxBytes + " (the server's upload limit); not sent");
            return null;
        }
        StringBuilder why = new StringBuilder();
        ImageHeaders.Header header = ImageHeaders.read(bytes, why);
        if (header == null) {
            fail(e, 0, "InvalidImage", why + "; not sent");
            return null;
        }
        if (header.width() * header.height() > o.maxPixels) {
            fail(e, 0, "InvalidImage", header.width() + "x" + header.height() + " is more than --max-pixels "
                    + o.maxPixels + " (the server's limit); not sent");
            return null;
        }
        e.contentType = header.contentType();
        e.sha256 = sha256(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the last entry per key in source order; the others get a report line. Input and output in source order. */
    private List<Entry> lastPerOwner(List<Entry> entries, java.util.function.Function<Entry, String> key,
                                     java.util.function.BiFunction<Entry, Entry, String> message) {
        Map<String, Entry> last = new LinkedHashMap<>();
        for (Entry e : entries) {
            last.put(key.apply(e), e);
        }
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries) {
            Entry winner = last.get(key.apply(e));
            if (winner == e) {
                kept.add(e);
            } else {
                fail(e, 0, "DuplicateOwner", message.apply(e, winner));
            }
        }
        return kept;
    }

    // ------------------------------------------------------------------ 4. owners

    /**
     * One look-up of an owner that does not exist, before anything else: a wrong --url (not a
     * Portrait root) or a rejected token is said at once instead of being waited out. Null when fine.
     */
    private String preflight() {
        try {
            Answer answer = client.probe(kind.collection + "/" + UUID.randomUUID());
            if (answer.errorCode() == null && answer.status() != 200) {
                return o.root + "/v1.0 does not answer like a Portrait (Graph) API: " + answer.errorMessage()
                        + "; --url must be the server's root, such as https://photos.example.com";
            }
            return null;
        } catch (StopException stop) {
            stop(stop.getMessage());
            return null;
        }
    }

    private List<Entry> lookUp(List<Entry> entries) {
        AtomicInteger done = new AtomicInteger();
        progress.phase("checking owners", entries.size(), () -> new int[] {done.get(), 0, failed.get()});
        List<Entry> found = Collections.synchronizedList(new ArrayList<>());
        parallel(o.concurrency, entries, e -> {
            if (stopping.get()) {
                return;
            }
            try {
                Answer answer = client.get(kind.collection + "/" + GraphClient.segment(e.owner));
                if (answer.status() == 200 && answer.json().get("id") instanceof String id) {
                    e.id = id;
                    found.add(e);
                } else if (answer.status() == 404 && o.createMissing && OwnerNames.isUpn(e.owner)) {
                    e.create = true;
                    found.add(e);
                } else if (answer.status() == 404 && o.createMissing) {
                    fail(e, 404, answer.errorCode(), answer.errorMessage() + " --create-missing cannot create a user "
                            + "from an object id (POST /v1.0/users needs a userPrincipalName): name the file "
                            + "<userPrincipalName>.<ext>, or create the user first");
                } else if (answer.status() == 403) {
                    failed(e, answer);
                    stop("the token may not read " + kind.collection + " (403 " + answer.errorMessage() + ")");
                } else {
                    failed(e, answer);
                }
            } catch (StopException stop) {
                stop(stop.getMessage());
            } finally {
                done.incrementAndGet();
            }
        });
        List<Entry> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(e -> e.order));
        return sorted;
    }

    // ------------------------------------------------------------------ 5. uploads

    private void upload(List<Entry> entries) {
        uploadStarted = System.nanoTime();
        progress.phase("uploading", entries.size(), () -> new int[] {processed.get(), uploaded.get(), failed.get()});
        parallel(o.concurrency, entries, e -> {
            if (stopping.get()) {
                return;
            }
            try {
                uploadOne(e);
            } catch (StopException stop) {
                stop(stop.getMessage());
            } catch (IOException ex) {
                stop("cannot write the state file " + state.path() + ": " + ex.getMessage());
            }
        });
    }

    private void uploadOne(Entry e) throws IOException {
        byte[] bytes = readChecked(e); // again: the bytes are not kept between the passes
        if (bytes == null) {
            processed.incrementAndGet();
            return;
        }
        if (e.create && !createUser(e)) {
            processed.incrementAndGet();
            return;
        }
        String owner = kind.collection + "/" + GraphClient.segment(e.id);
        String etagBefore = photoEtag(e, owner);
        if (etagBefore == null) {
            processed.incrementAndGet();
            return;
        }
        if (e.pendingEtag != null && !e.pendingEtag.equals(etagBefore)) {
            // An interrupted run sent this file and the owner's photo changed since: that upload was stored.
            state.done(kind, e.ownerKey(), e.sha256, e.id);
            foundStored.incrementAndGet();
            processed.incrementAndGet();
            return;
        }
        state.pending(kind, e.ownerKey(), e.sha256, etagBefore);
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            String broken = null;
            try {
                answer = client.put(owner + "/photo/$value", bytes, e.contentType);
            } catch (AmbiguousException ambiguous) {
                answer = null;
                broken = ambiguous.getMessage();
            }
            if (answer == null || answer.status() == 500) {
                // Did it arrive? (a broken connection, or a 500 of a server shutting down) The owner's
                // photo says: a changed ETag means it was stored; else it is sent again, a few times.
                String now = photoEtag(e, owner);
                if (now == null) {
                    processed.incrementAndGet();
                    return;
                }
                if (!now.equals(etagBefore)) {
                    state.done(kind, e.ownerKey(), e.sha256, e.id);
                    uploaded.incrementAndGet();
                    processed.incrementAndGet();
                    return;
                }
                if (attempt < 3) {
                    sleep(1000L * attempt);
                    continue;
                }
                if (answer == null) {
                    fail(e, 0, "ConnectionBroken", "the connection broke during the upload " + attempt + " times: " + broken);
                    processed.incrementAndGet();
                    return;
                }
            }
            if (answer.status() / 100 == 2) {
                state.done(kind, e.ownerKey(), e.sha256, e.id);
                uploaded.incrementAndGet();
            } else {
                failed(e, answer);
                if (answer.status() == 403) {
                    stop("the token may not write these photos (403 " + answer.errorMessage() + "): it needs "
                            + (kind == Kind.GROUP ? "Group.ReadWrite.All" : "User.ReadWrite.All") + " or ProfilePhoto.ReadWrite.All");
                }
            }
            processed.incrementAndGet();
            return;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StopException("interrupted");
        }
    }

    /** The owner's current photo ETag ("" without a photo), or null after a report line. */
    private String photoEtag(Entry e, String owner) {
        Answer answer = client.get(owner + "/photo");
        if (answer.status() == 200 && answer.json().get("@odata.mediaEtag") instanceof String etag) {
            return etag;
        }
        failed(e, answer);
        return null;
    }

    private boolean createUser(Entry e) {
        String local = e.owner.substring(0, e.owner.indexOf('@'));
        String json = "{" + Json.field("displayName", displayName(local)) + "," + Json.field("userPrincipalName", e.owner)
                + "," + Json.field("mail", e.owner) + "," + Json.field("mailNickname", local) + "}";
        Answer answer = client.postJson("users", json);
        if (answer.status() == 201 && answer.json().get("id") instanceof String id) {
            e.id = id;
            created.incrementAndGet();
            return true;
        }
        if (answer.status() == 400) { // created meanwhile (or by the try before a broken connection)?
            Answer again = client.get("users/" + GraphClient.segment(e.owner));
            if (again.status() == 200 && again.json().get("id") instanceof String id) {
                e.id = id;
                return true;
            }
        }
        failed(e, answer);
        if (answer.status() == 403) {
            stop("the token may not create users (403 " + answer.errorMessage() + "): --create-missing needs User.ReadWrite.All");
        }
        return false;
    }

    /** "grace.hopper" -> "Grace Hopper": a readable name until the directory sync brings the real one. */
    static String displayName(String local) {
        StringBuilder name = new StringBuilder();
        for (String part : local.split("[._-]+")) {
            if (!part.isEmpty()) {
                name.append(name.length() == 0 ? "" : " ").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.length() == 0 ? local : name.toString();
    }

    // ------------------------------------------------------------------ report lines

    private void failed(Entry e, Answer answer) {
        String code = answer.errorCode();
        String message = answer.errorMessage();
        String requestId = answer.header("request-id");
        if (answer.status() >= 500 && requestId != null) {
            message += " (request-id " + requestId + ")";
        }
        fail(e, answer.status(), code == null ? "" : code, message);
    }

    private void fail(Entry e, int status, String code, String message) {
        fail(new Failure(e.order, e.file, e.owner, status, code, message));
    }

    private void fail(Failure f) {
        failures.add(f);
        int n = failed.incrementAndGet();
        if (n <= LIVE_FAILURE_LINES) {
            progress.println("failed: " + f.file() + (f.owner().isEmpty() ? "" : " (" + f.owner() + ")") + ": "
                    + (f.status() == 0 ? "" : f.status() + " ") + f.code() + " " + f.message());
        } else if (n == LIVE_FAILURE_LINES + 1) {
            progress.println("(more failures: see the report at the end)");
        }
    }

    private void writeReport() {
        List<Failure> sorted;
        synchronized (failures) {
            sorted = new ArrayList<>(failures);
        }
        sorted.sort(Comparator.comparingInt(Failure::order).thenComparing(Failure::file));
        StringBuilder csv = new StringBuilder("file,owner,status,code,message\n");
        for (Failure f : sorted) {
            csv.append(String.join(",", Csv.quote(f.file()), Csv.quote(f.owner()), f.status() == 0 ? "" : String.valueOf(f.status()),
                    Csv.quote(f.code()), Csv.quote(f.message()))).append('\n');
        }
        try {
            Path report = o.report.toAbsolutePath().normalize();
            if (report.getParent() != null) {
                Files.createDirectories(report.getParent());
            }
            Files.writeString(report, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("portrait import: cannot write the report " + o.report + ": " + e.getMessage());
        }
    }

    private void summary(Source source, long started, int todo, int alreadyDone, int wouldCreate) {
        double seconds = (System.nanoTime() - started) / 1e9;
        Path report = o.report.toAbsolutePath().normalize();
        if (o.dryRun) {
            out.printf("Dry run of %d files (%s): nothing was uploaded or created.%n", source.size(), Progress.clock(Math.round(seconds)));
            out.printf("  would upload      %6d%s%n", todo, client == null ? "  (owners not checked: no token)" : "");
            if (o.createMissing) {
                out.printf("  would create      %6d users%n", wouldCreate);
            }
        } else {
            double uploading = uploadStarted == 0 ? 0 : (System.nanoTime() - uploadStarted) / 1e9;
            String rate = uploaded.get() > 0 && uploading > 0
                    ? String.format(Locale.ROOT, "  (%.1f photos/s while uploading)", uploaded.get() / uploading) : "";
            out.printf("%s after %s.%n", stopReason == null ? "Done" : "Stopped", Progress.clock(Math.round(seconds)));
            out.printf("  uploaded          %6d%s%n", uploaded.get(), rate);
            if (foundStored.get() > 0) {
                out.printf("  stored before     %6d  (sent by an interrupted run, found on the server)%n", foundStored.get());
            }
            if (o.createMissing) {
                out.printf("  users created     %6d%n", created.get());
            }
            int notAttempted = Math.max(0, todo - processed.get());
            if (notAttempted > 0) {
                out.printf("  not yet uploaded  %6d  (run the same command again to resume)%n", notAttempted);
            }
        }
        out.printf("  already imported  %6d  (state %s)%n", alreadyDone, state.path());
        out.printf("  failed            %6d  (report %s)%n", failed.get(), report);
        if (client != null && client.busyAnswers.get() + client.unreachable.get() > 0) {
            out.printf("  waited            %6d times for a busy server (429/503), %d for an unreachable or restarting one%n",
                    client.busyAnswers.get(), client.unreachable.get());
        }
        if (stopReason != null) {
            out.println("Stopped: " + stopReason);
        }
        out.flush();
    }

    // ------------------------------------------------------------------ threads

    /** Runs {@code work} for every entry on {@code threads} threads; never throws for one entry. */
    private void parallel(int threads, List<Entry> entries, Consumer<Entry> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "portrait-import");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Entry e : entries) {
                futures.add(pool.submit(() -> {
                    try {
                        work.accept(e);
                    } catch (StopException stop) {
                        stop(stop.getMessage());
                    } catch (RuntimeException bug) {
                        // bad input must never end the run: whatever went wrong is this file's report line
                        fail(e, 0, "InternalError", bug.toString());
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ignored) {
                    // handled inside
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Ticks the progress line four times a second. */
    static final class ScheduledTicker implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "portrait-import-progress");
            t.setDaemon(true);
            return t;
        });

        ScheduledTicker(Progress progress) {
            timer.scheduleAtFixedRate(progress::tick, 250, 250, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}

/** RFC 4180 quoting for the report. */
final class Csv {
    private Csv() {
    }

    static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0
                && field.strip().equals(field)) {
            return field;
        }
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}

/** The little JSON this tool reads (Graph entities and errors) and writes (a new user). */
final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** A JSON object as a map; IllegalArgumentException when the text is not one. */
    static Map<String, Object> object(String text) {
        Json json = new Json(text);
        json.space();
        Object value = json.value(0);
        json.space();
        if (!(value instanceof Map<?, ?>) || json.i != text.length()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    static String field(String name, String value) {
        return quote(name) + ":" + quote(value);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Object value(int depth) {
        if (depth > 64 || i >= s.length()) {
            throw new IllegalArgumentException("bad JSON");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> map = new LinkedHashMap<>();
                space();
                if (peek('}')) {
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    space();
                    map.put(key, value(depth + 1));
                    space();
                } while (peek(','));
                expect('}');
                return map;
            }
            case '[' -> {
                i++;
                List<Object> list = new ArrayList<>();
                space();
                if (peek(']')) {
                    return list;
                }
                do {
                    space();
                    list.add(value(depth + 1));
                    space();
                } while (peek(','));
                expect(']');
                return list;
            }
            case '"' -> {
                return string();
            }
            default -> {
                int start = i;
                while (i < s.length() && "{}[],: \t\r\n\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String word = s.substring(start, i);
                return switch (word) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    case "null" -> null;
                    default -> {
                        try {
                            yield Double.parseDouble(word);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("bad JSON");
                        }
                    }
                };
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("bad JSON");
                        }
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("bad JSON");
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new IllegalArgumentException("bad JSON");
        }
    }
}
