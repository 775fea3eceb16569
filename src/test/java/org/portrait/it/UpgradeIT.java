package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;

import jakarta.json.JsonObject;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database written by Portrait 0.1 (the core release) upgrades in place: the fixtures in
 * {@code src/test/resources/upgrade/} were made by running 0.1 itself (see the script there), and
 * this release must serve every photo they hold with the same bytes and ETags, then accept uploads.
 * The H2 case runs in the embedded-database execution, the PostgreSQL case in the PostgreSQL one.
 */
class UpgradeIT {

    /** The owner 0.1 stored the photos for (make-core-release-fixtures.sh). */
    private static final String TENANT = "0a0a0a0a-0000-4000-8000-000000000001";
    private static final String USER = "0a0a0a0a-0000-4000-8000-000000000002";

    private final LaunchedPortrait server = new LaunchedPortrait();
    private final Api api = server.api;
    private final String token = TestTokens.delegated(TENANT, USER, "upgrade@contoso.com", Tenant.ADMIN_SCOPES).build();

    @Test
    void embeddedDatabaseOfTheCoreReleaseUpgradesWithEveryPhoto() throws Exception {
        assumeFalse(LaunchedPortrait.onPostgresql(), "the PostgreSQL execution runs the PostgreSQL case");
        Path work = workDirectory("h2");
        Path databases = Files.createDirectories(work.resolve("data/payara/lib/databases"));
        try (InputStream fixture = fixture("core-release-h2.mv.db")) {
            Files.copy(fixture, databases.resolve("embedded_default.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = work.resolve("run.log");
        server.embeddedDatabase().start(work.resolve("data"), log);

        assertEveryPhotoServedAsTheCoreReleaseDid("core-release-h2.manifest");
        assertTheFeedsFirstRoundListsThePhotosOfBeforeTheUpgrade("core-release-h2.manifest");
        assertUploadsWork();
        String boot = Files.readString(log);
        assertTrue(boot.contains("Database created by Portrait 0.1"), "no baseline of the 0.1 schema in the log");
        assertTrue(boot.contains("Database schema at version 4"), "schema not upgraded to version 4");
        server.stop();
    }

    @Test
    void postgresqlDatabaseOfTheCoreReleaseUpgradesWithEveryPhoto() throws Exception {
        assumeTrue(LaunchedPortrait.onPostgresql(), "the embedded-database execution runs the H2 case");
        String suiteUrl = System.getenv("PORTRAIT_DB_URL");
        String database = "portrait_upgrade_" + System.currentTimeMillis();
        Psql admin = new Psql(suiteUrl);
        admin.run("-c", "CREATE DATABASE " + database);
        try {
            Psql upgraded = admin.database(database);
            Path dump = workDirectory("postgresql").resolve("core-release-postgresql.sql");
            try (InputStream fixture = fixture("core-release-postgresql.sql")) {
                Files.copy(fixture, dump, StandardCopyOption.REPLACE_EXISTING);
            }
            upgraded.run("-f", dump.toString());

            server.postgresql(upgraded.jdbcUrl()).start(dump.getParent().resolve("data"), dump.getParent().resolve("run.log"));
            assertEveryPhotoServedAsTheCoreReleaseDid("core-release-postgresql.manifest");
            assertTheFeedsFirstRoundListsThePhotosOfBeforeTheUpgrade("core-release-postgresql.manifest");
            assertUploadsWork();
            server.stop();

            assertEquals(List.of("1|BASELINE|t", "2|SQL|t", "3|SQL|t", "4|SQL|t"), upgraded.query(
                    "SELECT version, type, success FROM flyway_schema_history ORDER BY installed_rank"));
            assertEquals(List.of("f"), upgraded.query("SELECT to_regclass('schema_version') IS NOT NULL"),
                    "0.1's version table should be retired");
        } finally {
            server.close();
            admin.run("-c", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        server.close();
    }

    /** Every size 0.1 served: same ETag, same bytes (SHA-256), and each owner's largest photo. */
    private void assertEveryPhotoServedAsTheCoreReleaseDid(String manifestName) throws IOException {
        List<String> manifest;
        try (InputStream in = fixture(manifestName)) {
            manifest = new String(in.readAllBytes()).lines().filter(line -> !line.isBlank()).toList();
        }
        assertFalse(manifest.isEmpty());
        for (String entry : manifest) {
            String[] field = entry.split(" ");
            String path = "/v1.0/" + field[0];
            Api.Response value = assertStatus(200, api.get(path + "/photos/" + field[1] + "/$value").bearer(token).send());
            assertEquals(field[2], value.header("ETag").orElse(null), entry);
            assertEquals(field[3], TestImages.sha256Hex(value.body()), entry);
            assertStatus(200, api.get(path + "/photo/$value").bearer(token).send());
        }
    }

    /**
     * Photos stored before the change feed existed (schema version 3) are in its first round, which reads
     * the owners themselves (docs/links-and-changes.md): the user's and the group's, with their ETags.
     */
    private void assertTheFeedsFirstRoundListsThePhotosOfBeforeTheUpgrade(String manifestName) throws IOException {
        List<String> owners;
        try (InputStream in = fixture(manifestName)) {
            owners = new String(in.readAllBytes()).lines().filter(line -> !line.isBlank())
                    .map(line -> line.split(" ")[0]).filter(owner -> !owner.contains("contacts")).distinct().toList();
        }
        for (String owner : owners) {
            String set = owner.equals("me") ? "users" : owner.substring(0, owner.indexOf('/'));
            String id = owner.equals("me") ? USER : owner.substring(owner.indexOf('/') + 1);
            String etag = assertJson(api.get("/v1.0/" + owner + "/photo").bearer(token).send()).getString("@odata.mediaEtag");
            JsonObject round = assertJson(api.get("/v1.0/" + set + "/delta").bearer(token).send());
            JsonObject listed = round.getJsonArray("value").getValuesAs(JsonObject.class).stream()
                    .filter(object -> object.getString("id").equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError(owner + " not in the first round: " + round));
            assertEquals(etag, listed.getJsonObject("photo").getString("@odata.mediaEtag"), owner);
        }
    }

    /** The upgraded schema takes a new upload (new rows under V2's constraints) and serves it. */
    private void assertUploadsWork() {
        String before = assertJson(api.get("/v1.0/me/photo").bearer(token).send()).getString("@odata.mediaEtag");
        assertStatus(200, api.put("/v1.0/me/photo/$value", TestImages.jpeg(300, 300, Color.MAGENTA), "image/jpeg")
                .bearer(token).send());
        var after = assertJson(api.get("/v1.0/me/photo").bearer(token).send());
        assertNotEquals(before, after.getString("@odata.mediaEtag"));
        assertEquals(240, after.getInt("width"), "the largest square not larger than the source");
        assertEquals(5, assertJson(api.get("/v1.0/me/photos").bearer(token).send()).getJsonArray("value").size(),
                "the HD sizes 48 to 240, those not larger than the 300x300 source");
    }

    private Path workDirectory(String name) throws IOException {
        return Files.createDirectories(server.basedir().resolve("target/upgrade-it-" + name + "-" + System.currentTimeMillis()));
    }

    private static InputStream fixture(String name) {
        InputStream in = UpgradeIT.class.getResourceAsStream("/upgrade/" + name);
        assertTrue(in != null, "fixture missing: " + name);
        return in;
    }

}
