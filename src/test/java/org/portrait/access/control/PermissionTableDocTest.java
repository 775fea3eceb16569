package org.portrait.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.portrait.access.control.PermissionPolicy.Flavour;

/**
 * docs/api.md §7 states the permission table in words; this keeps it equal to the table that is
 * enforced, cell by cell, so that neither can change without the other.
 */
class PermissionTableDocTest {

    static final Map<String, Operation> TABLES = Map.of(
            "Read photo metadata", Operation.READ_PHOTO_METADATA,
            "Read photo bytes ($value)", Operation.READ_PHOTO_VALUE,
            "Write photo (PUT, PATCH, DELETE)", Operation.WRITE_PHOTO,
            "Read the object itself", Operation.READ_OBJECT,
            "Write the object itself", Operation.WRITE_OBJECT,
            "Delete the object, or rename a user", Operation.ADMINISTER_OBJECT);

    static final Map<String, Target> ROWS = Map.of(
            "self", Target.SELF,
            "other user", Target.OTHER_USER,
            "group", Target.GROUP,
            "team", Target.TEAM,
            "own contact", Target.OWN_CONTACT,
            "other user's contact", Target.OTHER_USERS_CONTACT);

    /** The columns in the order the docs write them. */
    static final List<Flavour> COLUMNS = List.of(Flavour.WORK, Flavour.PERSONAL, Flavour.APPLICATION);

    PermissionPolicy cut = new PermissionPolicy();

    @Test
    void theDocumentedTablesAreTheEnforcedOnes() throws IOException {
        Map<Operation, Map<Target, List<Set<String>>>> documented = tables(Files.readAllLines(Path.of("docs", "api.md")));
        assertEquals(Set.copyOf(TABLES.values()), documented.keySet(), "tables in docs/api.md §7");
        documented.forEach((operation, rows) -> {
            assertEquals(Set.copyOf(ROWS.values()), rows.keySet(), operation + ": rows");
            rows.forEach((target, cells) -> {
                for (int column = 0; column < COLUMNS.size(); column++) {
                    assertEquals(cut.sufficient(COLUMNS.get(column), operation, target), cells.get(column),
                            operation + ", " + target + ", " + COLUMNS.get(column));
                }
            });
        });
    }

    /** Every "### title" table of the known titles: rows by target, cells in column order. */
    static Map<Operation, Map<Target, List<Set<String>>>> tables(List<String> lines) {
        Map<Operation, Map<Target, List<Set<String>>>> tables = new LinkedHashMap<>();
        Operation current = null;
        for (String line : lines) {
            if (line.startsWith("#")) {
                current = line.startsWith("### ") ? TABLES.get(line.substring(4).trim()) : null;
                continue;
            }
            if (current == null || !line.startsWith("|")) {
                continue;
            }
            List<String> cells = Arrays.stream(line.split("\\|", -1)).map(String::trim).toList();
            Target target = ROWS.get(cells.get(1));
            if (target != null) {
                assertEquals(6, cells.size(), () -> "a row of four cells: " + line);
                List<Set<String>> permissions = cells.subList(2, 5).stream().map(PermissionTableDocTest::permissions).toList();
                assertTrue(tables.computeIfAbsent(current, o -> new LinkedHashMap<>()).put(target, permissions) == null,
                        () -> "one row per owner: " + line);
            }
        }
        return tables;
    }

    private static Set<String> permissions(String cell) {
        if (cell.equals("—")) {
            return Set.of();
        }
        return Arrays.stream(cell.split(",")).map(String::trim).collect(Collectors.toSet());
    }
}
