package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;

import jakarta.json.JsonValue;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.portrait.it.Tenant.User;

/**
 * {@code bin/portrait import} (bin/PortraitImport.java) against a server started with
 * {@code bin/portrait run}, and the backup and restore recipes of docs/backup-restore.md. The import
 * tests run once, in the embedded-database execution (the tool only sees the HTTP API); the backup
 * tests run on the database of each execution. One server is shared by the tests that need one
 * (started when first needed, on {@code portrait.it.importPort}); each test has its own tenant.
 * Files, logs, outputs and reports stay in {@code target/import-it-<time>/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportIT {

    /** Overridable when two checkouts run their tests at the same time. */
    private static final int PORT = Integer.getInteger("portrait.it.importPort", 28085);
    private static final int CLUSTER_PORT = Integer.getInteger("portrait.it.importClusterPort", 6975);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(6);
    private static final String STORED = "portrait_uploads_total{result=\"stored\"}";

    private final LaunchedPortrait server = new LaunchedPortrait(PORT, CLUSTER_PORT);
    private final Api api = server.api();
    private final Path work = workDirectory();
    private final Path data = work.resolve("data");
    /** Every tenant this class wrote to, for the backup test's "every photo". */
    private final List<Tenant> tenants = new ArrayList<>();
    private boolean running;
    private int runs;

    // ------------------------------------------------------------------ a generated set

    @Test
    @Order(1)
    void importsAGeneratedSetAndReportsEveryBadFile() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the import runs once, in the embedded-database execution");
        Tenant tenant = tenant();
        String domain = tenant.domain();
        Path dir = Files.createDirectories(work.resolve("generated"));
        Map<String, int[]> expected = new LinkedHashMap<>(); // owner path -> width, height of its photo
        String[] formats = {"jpg", "png", "gif", "bmp"};
        int n = 0;

        // 200 existing users named by userPrincipalName, 40 by object id (one in a subdirectory), in four formats
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            users.add(tenant.createUser("person" + i));
        }
        for (int i = 0; i < 240; i++) {
            User user = users.get(i);
            String format = formats[i % formats.length];
            String name = (i < 200 ? user.upn() : user.id()) + "." + (i % 7 == 0 ? format.toUpperCase() : format);
            Path file = i == 201 ? Files.createDirectories(dir.resolve("more")).resolve(name) : dir.resolve(name);
            expected.put("users/" + user.id(), write(file, format, n++));
        }
        // 60 users that do not exist yet: --create-missing makes them
        for (int i = 0; i < 60; i++) {
            String upn = "new" + i + "@" + domain;
            expected.put("users/" + upn, write(dir.resolve(upn + ".jpg"), "jpg", n++));
        }
        // a duplicate: the later file (in path order, .png after .jpg) wins
        User dup = tenant.createUser("dup");
        write(dir.resolve(dup.upn() + ".jpg"), "jpg", n++);
        expected.put("users/" + dup.id(), write(dir.resolve(dup.upn() + ".png"), "png", n++));
        // the same user by id and by userPrincipalName: whichever path sorts later wins
        User twice = tenant.createUser("twice");
        String byId = twice.id() + ".jpg";
        String byUpn = twice.upn() + ".jpg";
        String twiceLoser = byId.compareTo(byUpn) < 0 ? byId : byUpn;
        String twiceWinner = twiceLoser.equals(byId) ? byUpn : byId;
        write(dir.resolve(twiceLoser), "jpg", n++);
        expected.put("users/" + twice.id(), write(dir.resolve(twiceWinner), "jpg", n++));
        // hostile files
        User truncated = tenant.createUser("truncated");
        Files.write(dir.resolve(truncated.upn() + ".jpg"), TestImages.truncated(TestImages.jpeg(400, 300, Color.RED)));
        Files.write(dir.resolve("empty@" + domain + ".jpg"), new byte[0]);
        Files.writeString(dir.resolve("page@" + domain + ".jpg"), "<html><body>not a photo</body></html>");
        byte[] huge = new byte[4 * 1024 * 1024 + 1];
        new Random(1).nextBytes(huge);
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        Files.write(dir.resolve("huge@" + domain + ".jpg"), huge);
        Files.write(dir.resolve("bomb@" + domain + ".png"), TestImages.pngDeclaring(20000, 20000));
        Files.createSymbolicLink(dir.resolve("gone@" + domain + ".jpg"), dir.resolve("no-such-file.jpg"));
        // wrong names
        write(dir.resolve("Jane Doe.jpg"), "jpg", n++);
        Files.writeString(dir.resolve("notes.txt"), "the photos of the HR export");
        write(dir.resolve("a@b@" + domain + ".jpg"), "jpg", n++);
        write(dir.resolve("0a0a0a0a-0000-4000-8000-00000000dead.jpg"), "jpg", n++);
        Files.writeString(dir.resolve(".DS_Store"), "Finder's, not a photo");

        double storedBefore = metric(STORED);
        ImportRun run = runImport(dir, tenant.adminToken(), "--create-missing");

        assertEquals(1, run.exit(), run::toString);
        Map<String, List<String>> report = run.report();
        Map<String, String[]> lines = new TreeMap<>(Map.of(
                dup.upn() + ".jpg", new String[] {dup.upn(), "", "DuplicateOwner",
                        "the owner is named again by " + dup.upn() + ".png, later in the source, which wins; this file was not uploaded"},
                twiceLoser, new String[] {twiceLoser.substring(0, twiceLoser.length() - 4), "", "DuplicateOwner",
                        "the same user (id " + twice.id() + ") as " + twiceWinner + ", later in the source, which wins; this file was not uploaded"},
                truncated.upn() + ".jpg", new String[] {truncated.upn(), "400", "InvalidImage", "The image is corrupt or truncated."},
                "empty@" + domain + ".jpg", new String[] {"empty@" + domain, "", "InvalidImage", "the file is empty; not sent"},
                "page@" + domain + ".jpg", new String[] {"page@" + domain, "", "InvalidImage", "not a JPEG, PNG, GIF, BMP or WebP file; not sent"},
                "huge@" + domain + ".jpg", new String[] {"huge@" + domain, "", "RequestEntityTooLarge",
                        "larger than --max-bytes 4194304 (the server's upload limit); not sent"},
                "bomb@" + domain + ".png", new String[] {"bomb@" + domain, "", "InvalidImage",
                        "20000x20000 is more than --max-pixels 50000000 (the server's limit); not sent"},
                "gone@" + domain + ".jpg", new String[] {"gone@" + domain, "", "Unreadable", "a symbolic link to nothing readable"},
                "Jane Doe.jpg", new String[] {"Jane Doe", "", "InvalidName", "'Jane Doe' is neither a userPrincipalName (name@domain) nor an object id"
                        + " (letters, digits, '.', '_', '-'); expected <userPrincipalName>.<ext> or <object id>.<ext>"},
                "notes.txt", new String[] {"", "", "InvalidName",
                        "expected <userPrincipalName>.<ext> or <object id>.<ext> with ext jpg, jpeg, png, gif, bmp or webp"}));
        lines.put("a@b@" + domain + ".jpg", new String[] {"a@b@" + domain, "", "InvalidName",
                "'a@b@" + domain + "' is not a userPrincipalName (name@domain); expected <userPrincipalName>.<ext> or <object id>.<ext>"});
        lines.put("0a0a0a0a-0000-4000-8000-00000000dead.jpg", new String[] {"0a0a0a0a-0000-4000-8000-00000000dead", "404",
                "Request_ResourceNotFound", "--create-missing cannot create a user from an object id (POST /v1.0/users needs a"
                + " userPrincipalName): name the file <userPrincipalName>.<ext>, or create the user first"});
        assertReport(lines, report);

        // every other file is its owner's photo: each was drawn at a size of its own
        assertPhotos(tenant, expected);
        assertEquals(expected.size(), metric(STORED) - storedBefore, "uploads stored by the server");
        assertSummary(run, "uploaded", expected.size());
        assertSummary(run, "users created", 60);
        assertSummary(run, "failed", lines.size());
        assertTrue(run.output().lines().anyMatch(l -> l.matches("progress: +\\d+/\\d+ done +\\d+%  \\S+ photos/s  ETA \\S+  \\d+ failed so far")),
                run::toString);
        assertFalse(run.output().contains(".DS_Store"), "dot files are not photos");

        // the same command again: nothing is sent twice, the same problems are reported again
        ImportRun again = runImport(dir, tenant.adminToken(), "--create-missing");
        assertEquals(1, again.exit(), again::toString);
        assertReport(lines, again.report());
        assertSummary(again, "uploaded", 0);
        assertSummary(again, "already imported", expected.size());
        assertEquals(expected.size(), metric(STORED) - storedBefore, "the second run uploaded something");
    }

    // ------------------------------------------------------------------ a dry run, and a CSV

    @Test
    @Order(2)
    void aDryRunStoresNothingAndACsvNamesOwnersAndFiles() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the import runs once, in the embedded-database execution");
        Tenant tenant = tenant();
        Path dir = Files.createDirectories(work.resolve("csv"));
        Path photos = Files.createDirectories(dir.resolve("HR export, 2026"));
        Map<String, int[]> expected = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("\uFEFFowner,file\n# exported by HR\n\n");
        int n = 1000;
        List<User> existing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            User user = tenant.createUser("csv" + i);
            existing.add(user);
            // file names that say nothing about the owner: the CSV does
            String file = "badge-" + i + ".png";
            int[] size = write(photos.resolve(file), "png", n++);
            expected.put("users/" + user.id(), size);
            csv.append(i % 2 == 0 ? user.upn() : user.id().toUpperCase()).append(",\"HR export, 2026/").append(file).append("\"\n");
        }
        for (int i = 0; i < 5; i++) {
            String upn = "csvnew" + i + "@" + tenant.domain();
            int[] size = write(photos.resolve("new-" + i + ".jpg"), "jpg", n++);
            expected.put("users/" + upn, size);
            csv.append(upn).append(",\"").append(photos.resolve("new-" + i + ".jpg").toAbsolutePath()).append("\"\n");
        }
        csv.append("0a0a0a0a-0000-4000-8000-00000000beef,\"HR export, 2026/badge-0.png\"\n");
        csv.append(existing.get(0).upn()).append(",missing.jpg\n");
        csv.append("just one field\n");
        csv.append("Jane Doe,\"HR export, 2026/badge-1.png\"\n");
        Files.writeString(dir.resolve("photos.csv"), csv);
        int usersBefore = users(tenant);
        double storedBefore = metric(STORED);
        String stateBefore = Files.exists(stateFile(0)) ? Files.readString(stateFile(0)) : null;

        // without --create-missing: unknown owners are report lines
        ImportRun dry = runImport(dir.resolve("photos.csv"), tenant.adminToken(), "--dry-run");
        assertEquals(1, dry.exit(), dry::toString);
        Map<String, String[]> lines = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            String upn = "csvnew" + i + "@" + tenant.domain();
            lines.put(photos.resolve("new-" + i + ".jpg").toAbsolutePath().toString(), new String[] {upn, "404",
                    "Request_ResourceNotFound", "Resource '" + upn + "' does not exist"});
        }
        lines.put("HR export, 2026/badge-0.png", new String[] {"0a0a0a0a-0000-4000-8000-00000000beef", "404",
                "Request_ResourceNotFound", "Resource '0a0a0a0a-0000-4000-8000-00000000beef' does not exist"});
        lines.put("missing.jpg", new String[] {existing.get(0).upn(), "", "Unreadable", "no such file: " + dir.resolve("missing.jpg")});
        lines.put("photos.csv:" + (3 + 10 + 5 + 2 + 1), new String[] {"", "", "InvalidCsvLine",
                "expected owner,file (two fields; quote a field that holds a comma), got: just one field"});
        lines.put("HR export, 2026/badge-1.png", new String[] {"Jane Doe", "", "InvalidName",
                "'Jane Doe' is neither a userPrincipalName (name@domain) nor an object id (letters, digits, '.', '_', '-')"});
        assertReport(lines, dry.report());
        assertSummary(dry, "would upload", 10);

        // with --create-missing: the unknown userPrincipalNames would be created, the unknown id cannot be
        ImportRun dryCreating = runImport(dir.resolve("photos.csv"), tenant.adminToken(), "--dry-run", "--create-missing");
        assertEquals(1, dryCreating.exit(), dryCreating::toString);
        assertEquals(4, dryCreating.report().size(), dryCreating::toString);
        assertSummary(dryCreating, "would upload", 15);
        assertSummary(dryCreating, "would create", 5);

        assertEquals(storedBefore, metric(STORED), "a dry run uploaded something");
        assertEquals(usersBefore, users(tenant), "a dry run created users");
        assertEquals(stateBefore, Files.exists(stateFile(0)) ? Files.readString(stateFile(0)) : null, "a dry run wrote state");
        for (User user : existing) {
            assertEquals("", assertJson(api.get("/v1.0/users/" + user.id() + "/photo").bearer(tenant.adminToken()).send())
                    .getString("@odata.mediaEtag"), "a dry run stored a photo");
        }

        // and for real
        ImportRun real = runImport(dir.resolve("photos.csv"), tenant.adminToken(), "--create-missing");
        assertEquals(1, real.exit(), real::toString);
        assertEquals(4, real.report().size(), real::toString);
        assertPhotos(tenant, expected);
        assertEquals(15, metric(STORED) - storedBefore);
    }

    // ------------------------------------------------------------------ a zip of group photos, on a terminal

    @Test
    @Order(3)
    void aZipOfGroupPhotosOnATerminal() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the import runs once, in the embedded-database execution");
        Tenant tenant = tenant();
        Path zip = work.resolve("groups.zip");
        Map<String, int[]> expected = new LinkedHashMap<>();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 6; i++) {
                String group = tenant.createGroup("Team " + i);
                byte[] jpeg = TestImages.jpeg(300 + i, 200 + i, Color.GREEN);
                expected.put("groups/" + group, new int[] {300 + i, 200 + i});
                entry(out, "export/photos/" + group + ".jpg", jpeg);
            }
            entry(out, "__MACOSX/export/photos/._x.jpg", new byte[] {0, 5, 22, 7});
            entry(out, "export/photos/.hidden.jpg", new byte[] {1});
            entry(out, "export/photos/someone@" + tenant.domain() + ".jpg", TestImages.jpeg(100, 100, Color.GREEN));
        }
        // --create-missing cannot make groups: refused before anything happens
        assertEquals(2, runImport(zip, tenant.adminToken(), "--groups", "--create-missing").exit());

        // script(1) gives the import a terminal: the live line instead of periodic ones
        ImportRun run = runImport(true, zip, tenant.adminToken(), "--groups");
        assertEquals(1, run.exit(), run::toString);
        assertReport(Map.of("export/photos/someone@" + tenant.domain() + ".jpg", new String[] {"someone@" + tenant.domain(), "",
                "InvalidName", "'someone@" + tenant.domain() + "' is not a group id (letters, digits, '.', '_', '-'; groups are"
                + " named by id only); expected <group id>.<ext>"}), run.report());
        assertPhotos(tenant, expected);
        assertTrue(run.output().contains("\r     6/6 done 100%"), run::toString);
        assertFalse(run.output().contains("progress:"), run::toString);
    }

    // ------------------------------------------------------------------ interrupted, killed, resumed

    @Test
    @Order(4)
    void anInterruptedAndAKilledImportResumeWithoutUploadingTwice() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the import runs once, in the embedded-database execution");
        Tenant tenant = tenant();
        Path dir = Files.createDirectories(work.resolve("resume"));
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String upn = "resume" + i + "@" + tenant.domain();
            expected.put("users/" + upn, write(dir.resolve(upn + ".jpg"), "jpg", 2000 + i));
        }
        double storedBefore = metric(STORED);
        String[] options = {"--create-missing", "--concurrency", "4"};

        // SIGTERM, as Ctrl-C: the uploads under way end, the run says where it stopped
        ImportRun interrupted = runUntil(dir, tenant.adminToken(), 50, false, options);
        assertEquals(3, interrupted.exit(), interrupted::toString);
        assertTrue(interrupted.output().contains("Stopped: interrupted (Ctrl-C or SIGTERM); run the same command again to resume"),
                interrupted::toString);
        // SIGKILL: nothing ends cleanly, uploads are cut off in flight
        ImportRun killed = runUntil(dir, tenant.adminToken(), 120, true, options);
        assertEquals(137, killed.exit(), killed::toString);

        ImportRun resumed = runImport(dir, tenant.adminToken(), options);
        assertEquals(0, resumed.exit(), resumed::toString);
        assertEquals(Map.of(), resumed.report());
        Matcher summary = Pattern.compile("uploaded +(\\d+).*?(?:stored before +(\\d+).*?)?already imported +(\\d+)", Pattern.DOTALL)
                .matcher(resumed.output());
        assertTrue(summary.find(), resumed::toString);
        int uploadedNow = Integer.parseInt(summary.group(1));
        int foundStored = summary.group(2) == null ? 0 : Integer.parseInt(summary.group(2));
        int earlier = Integer.parseInt(summary.group(3));
        assertTrue(earlier >= 120, resumed::toString);
        assertEquals(200, uploadedNow + foundStored + earlier, resumed::toString);
        System.out.printf("ImportIT: resumed with %d already imported, %d found stored after the kill, %d uploaded%n",
                earlier, foundStored, uploadedNow);

        assertEquals(200.0, metric(STORED) - storedBefore, "uploads stored by the server over the three runs");
        assertPhotos(tenant, expected);
    }

    // ------------------------------------------------------------------ a server restart in the middle

    @Test
    @Order(5)
    void aServerRestartInTheMiddleIsWaitedOut() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the import runs once, in the embedded-database execution");
        Tenant tenant = tenant();
        Path dir = Files.createDirectories(work.resolve("restart"));
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            String upn = "restart" + i + "@" + tenant.domain();
            expected.put("users/" + upn, write(dir.resolve(upn + ".jpg"), "jpg", 3000 + i));
        }
        ImportRun[] result = new ImportRun[1];
        Thread importing = new Thread(() -> result[0] = uncheck(() ->
                runImport(dir, tenant.adminToken(), "--create-missing", "--retry-for", "400")));
        importing.start();
        Path state = stateFile(runs);
        awaitDone(state, 30);
        server.stop();
        running = false;
        running();
        importing.join(IMPORT_TIMEOUT.toMillis());
        ImportRun run = result[0];
        assertTrue(run != null, "the import did not end");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(Map.of(), run.report());
        assertTrue(run.output().contains("waiting, retrying for up to 400 s"), run::toString);
        assertSummary(run, "uploaded", 120);
        assertPhotos(tenant, expected);
    }

    // ------------------------------------------------------------------ a busy server

    @Test
    @Order(6)
    void aBusyServersRetryAfterIsWaitedOutAndNothingIsUploadedTwice() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the import runs once, in the embedded-database execution");
        Tenant tenant = tenant();
        Path dir = Files.createDirectories(work.resolve("busy"));
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            String upn = "busy" + i + "@" + tenant.domain();
            // big enough that an upload is still being decoded when the next ones arrive
            Files.write(dir.resolve(upn + ".jpg"), TestImages.jpeg(1600 + i, 1200, Color.getHSBColor(i / 16f, 0.7f, 0.9f)));
            expected.put("users/" + upn, new int[] {1600 + i, 1200});
        }
        // The same data on a server with one decode slot that no upload waits for: an upload that
        // arrives while another is decoded is answered 503 with Retry-After (docs/hardening.md).
        server.stop();
        running = false;
        try (LaunchedPortrait busy = new LaunchedPortrait(PORT, CLUSTER_PORT)
                .with(Map.of("PORTRAIT_IMAGE_MAX_CONCURRENT_DECODES", "1", "PORTRAIT_IMAGE_DECODE_WAIT_MS", "0"))
                .start(data, work.resolve("busy-server-" + System.currentTimeMillis() + ".log"))) {
            // the token on the command line and the URL with its version, as operators also write them
            ImportRun run = runImport(dir, null, "--create-missing", "--concurrency", "4",
                    "--token", tenant.adminToken(), "--url", api.origin() + "/v1.0");
            assertEquals(0, run.exit(), run::toString);
            assertEquals(Map.of(), run.report());
            assertSummary(run, "uploaded", 16);
            Matcher waited = Pattern.compile("waited +(\\d+) times for a busy server").matcher(run.output());
            assertTrue(waited.find() && Integer.parseInt(waited.group(1)) > 0, run::toString);
            System.out.printf("ImportIT: 16 photos through one decode slot, %s 503s waited out%n", waited.group(1));
            assertEquals(16.0, metric(STORED), "uploads stored by the busy server");
            assertPhotos(tenant, expected);
        }
    }

    // ------------------------------------------------------------------ backup and restore

    @Test
    @Order(100)
    void anEmbeddedDatabaseBackupRestoresEveryPhoto() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the PostgreSQL execution runs the PostgreSQL case");
        fillForBackup();
        Map<String, String> before = everyPhoto();

        // docs/backup-restore.md: stop the server, archive the database directory, start again
        server.stop();
        running = false;
        Path backup = work.resolve("portrait-h2-backup.tar.gz");
        run("tar", "-C", data.toString(), "-czf", backup.toString(), "payara/lib/databases");
        // the original goes on after the backup, and hands out a delta token the backup knows nothing of
        server.start(data, work.resolve("after-backup.log"));
        String newerDeltaLink = aChangeAndTheDeltaLinkAfterIt();
        server.stop();

        // restore into a fresh data directory
        Path restored = Files.createDirectories(work.resolve("restored-data"));
        run("tar", "-C", restored.toString(), "-xzf", backup.toString());
        server.start(restored, work.resolve("restored.log"));
        assertEquals(before, everyPhoto(), "photos served after the restore");
        assertUploadWorks();
        assertADeltaTokenFromAfterTheBackupIsGone(newerDeltaLink);
        server.stop();
    }

    @Test
    @Order(101)
    void aPostgresqlBackupRestoresEveryPhoto() throws Exception {
        assumeTrue(LaunchedPortrait.onPostgresql(), "the embedded-database execution runs the H2 case");
        Psql admin = new Psql(System.getenv("PORTRAIT_DB_URL"));
        String suffix = String.valueOf(System.currentTimeMillis());
        String original = "portrait_backup_" + suffix;
        String copy = "portrait_restored_" + suffix;
        admin.run("-c", "CREATE DATABASE " + original);
        try {
            Psql source = admin.database(original);
            server.postgresql(source.jdbcUrl()).start(data, work.resolve("run-postgresql.log"));
            running = true;
            fillForBackup();
            Map<String, String> before = everyPhoto();

            // docs/backup-restore.md: pg_dump while the server runs, pg_restore into a fresh database
            Path dump = work.resolve("portrait.dump");
            run("pg_dump", "-Fc", "-d", source.uri(), "-f", dump.toString());
            String counts = "SELECT (SELECT count(*) FROM owner) || ' ' || (SELECT count(*) FROM photo_variant) || ' '"
                    + " || (SELECT count(*) FROM photo_content) || ' ' || (SELECT max(version) FROM flyway_schema_history)";
            List<String> dumped = source.query(counts);
            String newerDeltaLink = aChangeAndTheDeltaLinkAfterIt();
            server.stop();
            running = false;
            admin.run("-c", "CREATE DATABASE " + copy);
            Psql restored = admin.database(copy);
            run("pg_restore", "--no-owner", "--exit-on-error", "-d", restored.uri(), dump.toString());
            assertEquals(dumped, restored.query(counts));

            server.postgresql(restored.jdbcUrl()).start(data, work.resolve("restored-postgresql.log"));
            assertEquals(before, everyPhoto(), "photos served after the restore");
            assertUploadWorks();
            assertADeltaTokenFromAfterTheBackupIsGone(newerDeltaLink);
            server.stop();
        } finally {
            server.close();
            admin.run("-c", "DROP DATABASE IF EXISTS " + original + " WITH (FORCE)");
            admin.run("-c", "DROP DATABASE IF EXISTS " + copy + " WITH (FORCE)");
        }
    }

    /** Photos of users (through the import), a group and a contact, so that every kind of owner is in the backup. */
    private void fillForBackup() throws Exception {
        Tenant tenant = tenant();
        Path dir = Files.createDirectories(work.resolve("backup-" + System.nanoTime()));
        for (int i = 0; i < 30; i++) {
            write(dir.resolve("backup" + i + "@" + tenant.domain() + ".jpg"), "jpg", 4000 + i);
        }
        ImportRun run = runImport(dir, tenant.adminToken(), "--create-missing");
        assertEquals(0, run.exit(), run::toString);
        String group = tenant.createGroup("Backed up");
        assertStatus(200, api.put("/v1.0/groups/" + group + "/photo/$value", TestImages.jpeg(500, 400, Color.BLUE), "image/jpeg")
                .bearer(tenant.adminToken()).send());
        String contact = tenant.createContact("me", tenant.adminToken(), "Backed Contact");
        assertStatus(200, api.put("/v1.0/me/contacts/" + contact + "/photo/$value", TestImages.png(260, 250, Color.CYAN), "image/png")
                .bearer(tenant.adminToken()).send());
    }

    /**
     * Every size of every photo of every user, group and contact of every tenant this class wrote to:
     * "owner size" -> "ETag SHA-256 of the bytes".
     */
    private Map<String, String> everyPhoto() {
        Map<String, String> photos = new TreeMap<>();
        for (Tenant tenant : tenants) {
            String token = tenant.adminToken();
            List<String> owners = new ArrayList<>();
            for (String kind : List.of("users", "groups")) {
                for (JsonValue owner : assertJson(api.get("/v1.0/" + kind).bearer(token).send()).getJsonArray("value")) {
                    owners.add("/v1.0/" + kind + "/" + owner.asJsonObject().getString("id"));
                }
            }
            for (JsonValue contact : assertJson(api.get("/v1.0/me/contacts").bearer(token).send()).getJsonArray("value")) {
                owners.add("/v1.0/me/contacts/" + contact.asJsonObject().getString("id"));
            }
            for (String owner : owners) {
                Map<String, String> etags = GraphAssertions.photoEtags(api, owner, token);
                GraphAssertions.photoBytes(api, owner, token, etags).forEach((size, bytes) ->
                        photos.put(owner + " " + size, etags.get(size) + " " + TestImages.sha256Hex(bytes)));
            }
        }
        assertTrue(photos.size() > 100, "too few photos to call it a backup: " + photos.size());
        return photos;
    }

    private void assertUploadWorks() {
        Tenant tenant = tenants.get(tenants.size() - 1);
        assertStatus(200, api.put("/v1.0/me/photo/$value", TestImages.jpeg(120, 120, Color.ORANGE), "image/jpeg")
                .bearer(tenant.adminToken()).send());
    }

    /** A photo change in the last tenant after the backup, and the delta link of a round that includes it. */
    private String aChangeAndTheDeltaLinkAfterIt() {
        assertUploadWorks();
        Tenant tenant = tenants.get(tenants.size() - 1);
        String deltaLink = assertJson(api.get("/v1.0/users/delta?$top=1000").bearer(tenant.adminToken()).send())
                .getString("@odata.deltaLink");
        return api.pathOf(deltaLink);
    }

    /**
     * On the restored server, once its changes have taken the numbers again that the token names
     * (the upload of assertUploadWorks and one more), a token from the original's later history is
     * 410, never a round that silently misses those changes (docs/backup-restore.md).
     */
    private void assertADeltaTokenFromAfterTheBackupIsGone(String newerDeltaLink) {
        assertUploadWorks();
        String admin = tenants.get(tenants.size() - 1).adminToken();
        GraphAssertions.assertError(410, "SyncStateNotFound", api.get(newerDeltaLink).bearer(admin).send());
        assertTrue(assertJson(api.get("/v1.0/users/delta?$top=1000").bearer(admin).send()).containsKey("@odata.deltaLink"));
    }

    @AfterAll
    void stopTheServer() throws InterruptedException {
        server.close();
    }

    // ------------------------------------------------------------------ helpers

    /** A new tenant on the running server (started when needed). */
    private Tenant tenant() throws IOException, InterruptedException {
        running();
        Tenant tenant = new Tenant(api);
        tenants.add(tenant);
        return tenant;
    }

    private void running() throws IOException, InterruptedException {
        if (!running) {
            Files.createDirectories(data);
            server.start(data, work.resolve("server-" + System.currentTimeMillis() + ".log"));
            running = true;
        }
    }

    /** A photo whose size says which one it is: the n-th of a set, in a format the JDK writes. */
    private static int[] write(Path file, String format, int n) throws IOException {
        int width = 64 + n % 311;
        int height = 48 + n / 311 * 7 + n % 5;
        Color colour = Color.getHSBColor(n / 97f, 0.8f, 0.9f);
        Files.write(file, TestImages.image(format, width, height, colour));
        return new int[] {width, height};
    }

    /** Each owner has its normalised original at exactly the size of its file (else Graph's 1x1 answer). */
    private void assertPhotos(Tenant tenant, Map<String, int[]> expected) {
        String token = tenant.adminToken();
        List<String> wrong = new ArrayList<>();
        expected.forEach((owner, size) -> {
            Api.Response original = api.get("/v1.0/" + owner + "/photos/" + size[0] + "x" + size[1]).bearer(token).send();
            String id = size[0] + "X" + size[1];
            if (original.status() != 200 || !id.equals(original.json().getString("id"))
                    || original.json().getString("@odata.mediaEtag").isEmpty()) {
                wrong.add(owner + " has no " + id + " photo: " + original);
            }
        });
        assertEquals(List.of(), wrong);
    }

    private static void assertReport(Map<String, String[]> expected, Map<String, List<String>> report) {
        assertAll(expected.entrySet().stream().map(line -> () -> {
            List<String> got = report.get(line.getKey());
            assertTrue(got != null, () -> "no report line for " + line.getKey() + " in " + report);
            String[] want = line.getValue();
            assertEquals(want[0], got.get(1), line.getKey() + ": owner");
            assertEquals(want[1], got.get(2), line.getKey() + ": status");
            assertEquals(want[2], got.get(3), line.getKey() + ": code");
            assertTrue(got.get(4).contains(want[3]), () -> line.getKey() + ": message '" + got.get(4) + "' lacks '" + want[3] + "'");
        }));
        assertEquals(new TreeMap<>(expected).keySet(), new TreeMap<>(report).keySet(), "report lines");
    }

    /** A line of the final summary, such as "  uploaded    302  (…)". */
    private static void assertSummary(ImportRun run, String label, int count) {
        assertTrue(Pattern.compile("^  " + Pattern.quote(label) + " +" + count + "\\b", Pattern.MULTILINE).matcher(run.output()).find(),
                () -> "no '" + label + " " + count + "' in the summary: " + run);
    }

    private int users(Tenant tenant) {
        return assertJson(api.get("/v1.0/users").bearer(tenant.adminToken()).send()).getJsonArray("value").size();
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? (\\S+)$");

    /** One application metric, labels other than mp_scope kept (as in BrowserIT). */
    private double metric(String name) {
        Api.Response response = assertStatus(200, api.get("/metrics?scope=application").send());
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.text().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            String labels = sample.group(2) == null ? "" : String.join(",", List.of(sample.group(2).split(","))
                    .stream().filter(l -> !l.startsWith("mp_scope=")).toList());
            samples.put(sample.group(1) + (labels.isEmpty() ? "" : "{" + labels + "}"), Double.parseDouble(sample.group(3)));
        }
        assertTrue(samples.containsKey(name), () -> name + " missing in " + samples.keySet());
        return samples.get(name);
    }

    // ------------------------------------------------------------------ running the tool

    /** The end of one {@code bin/portrait import}: exit status, everything it printed, its report and state files. */
    record ImportRun(int exit, String output, Path reportFile, Path state) {

        /** file -> [file, owner, status, code, message]; fails on a malformed or repeated line. */
        Map<String, List<String>> report() throws IOException {
            List<String> lines = Files.readAllLines(reportFile, StandardCharsets.UTF_8);
            assertEquals("file,owner,status,code,message", lines.get(0));
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> fields = csv(line);
                assertEquals(5, fields.size(), line);
                assertTrue(rows.put(fields.get(0), fields) == null, "two report lines for " + fields.get(0));
            }
            return rows;
        }

        @Override
        public String toString() {
            return "exit " + exit + ", output:\n" + output;
        }
    }

    private ImportRun runImport(Path source, String token, String... options) throws IOException, InterruptedException {
        return runImport(false, source, token, options);
    }

    private ImportRun runImport(boolean terminal, Path source, String token, String... options) throws IOException, InterruptedException {
        int id = ++runs;
        Process process = start(terminal, id, source, token, options);
        if (!process.waitFor(IMPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            fail("bin/portrait import did not end within " + IMPORT_TIMEOUT + ":\n" + Files.readString(output(id)));
        }
        return finished(id, process);
    }

    /** Runs until the state file has {@code done} uploads, then SIGTERM (or SIGKILL) by pid. */
    private ImportRun runUntil(Path source, String token, int done, boolean kill, String... options)
            throws IOException, InterruptedException {
        int id = ++runs;
        Process process = start(false, id, source, token, options);
        awaitDone(stateFile(id), done);
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the import survived its signal");
        return finished(id, process);
    }

    /** Every run of this class shares one state file, as an operator repeating a command does. */
    private Path stateFile(int run) {
        return work.resolve("portrait-import.state");
    }

    private void awaitDone(Path state, int done) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(IMPORT_TIMEOUT);
        long before = countDone(state);
        while (countDone(state) - before < done) {
            assertTrue(Instant.now().isBefore(deadline), "fewer than " + done + " uploads within " + IMPORT_TIMEOUT);
            Thread.sleep(20);
        }
    }

    private static long countDone(Path state) throws IOException {
        if (!Files.exists(state)) {
            return 0;
        }
        try (var lines = Files.lines(state, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("done\t")).count();
        }
    }

    private Process start(boolean terminal, int id, Path source, String token, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(server.basedir().resolve("bin/portrait").toString(), "import",
                source.toString(), "--url", api.origin(), "--state", stateFile(id).toString(),
                "--report", report(id).toString(), "--progress-every", "1"));
        command.addAll(List.of(options));
        if (terminal) {
            command = List.of("script", "-q", "-e", "-c", String.join(" ", command.stream().map(ImportIT::shellQuote).toList()), "/dev/null");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output(id).toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (token == null) {
            builder.environment().remove("PORTRAIT_TOKEN");
        } else {
            builder.environment().put("PORTRAIT_TOKEN", token);
        }
        builder.environment().remove("PORTRAIT_URL");
        return builder.start();
    }

    private ImportRun finished(int id, Process process) throws IOException {
        return new ImportRun(process.exitValue(), Files.readString(output(id)), report(id), stateFile(id));
    }

    private Path output(int id) {
        return work.resolve("import-" + id + ".out");
    }

    private Path report(int id) {
        return work.resolve("import-" + id + "-failures.csv");
    }

    private static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not end");
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + output);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** RFC 4180 fields of one line. */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static <T> T uncheck(Checked<T> action) {
        try {
            return action.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Checked<T> {
        T get() throws Exception;
    }

    private Path workDirectory() {
        try {
            return Files.createDirectories(Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                    .resolve("target/import-it-" + System.currentTimeMillis()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
