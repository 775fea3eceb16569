package org.portrait.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.portrait.security.control.Caller;

/**
 * Graph's permission table (docs/api.md §7), plus the directory permissions of §8. A plain table, so
 * that it can be unit-tested as a list of cases, and so that the OpenAPI document and the docs are
 * written from it.
 */
@ApplicationScoped
public class PermissionPolicy {

    /** The three columns of the table: which kind of token calls. */
    public enum Flavour {
        /** Delegated, a work or school account. */
        WORK("Delegated (work or school account)"),
        /** Delegated, a personal Microsoft account. */
        PERSONAL("Delegated (personal Microsoft account)"),
        /** An application acting as itself. */
        APPLICATION("Application");

        private final String label;

        Flavour(String label) {
            this.label = label;
        }

        public static Flavour of(Caller caller) {
            if (!caller.delegated()) {
                return APPLICATION;
            }
            return caller.personalAccount() ? PERSONAL : WORK;
        }
    }

    private static final Set<String> SELF_READ = Set.of("User.Read", "User.ReadWrite", "User.ReadBasic.All",
            "User.Read.All", "User.ReadWrite.All");
    private static final Set<String> OTHER_USER_READ = Set.of("User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All");
    private static final Set<String> APP_USER_READ = Set.of("User.Read.All", "User.ReadWrite.All");
    private static final Set<String> PHOTO_READ_ALL = Set.of("ProfilePhoto.Read.All", "ProfilePhoto.ReadWrite.All");
    private static final Set<String> PHOTO_WRITE_ALL = Set.of("ProfilePhoto.ReadWrite.All");
    private static final Set<String> GROUP_READ = Set.of("Group.Read.All", "Group.ReadWrite.All");
    private static final Set<String> GROUP_WRITE = Set.of("Group.ReadWrite.All");
    private static final Set<String> TEAM_READ_EXTRA = Set.of("Team.ReadBasic.All", "TeamSettings.Read.All",
            "TeamSettings.ReadWrite.All");
    private static final Set<String> TEAM_WRITE_EXTRA = Set.of("TeamSettings.ReadWrite.All");
    private static final Set<String> CONTACTS_READ = Set.of("Contacts.Read", "Contacts.ReadWrite");
    private static final Set<String> CONTACTS_WRITE = Set.of("Contacts.ReadWrite");

    private final Map<Flavour, Map<Operation, Map<Target, Set<String>>>> table = new EnumMap<>(Flavour.class);

    public PermissionPolicy() {
        Set<String> selfPhotoRead = union(SELF_READ, PHOTO_READ_ALL);
        Set<String> otherPhotoRead = union(OTHER_USER_READ, PHOTO_READ_ALL);
        Set<String> groupPhotoRead = union(GROUP_READ, PHOTO_READ_ALL);
        Set<String> selfPhotoWrite = Set.of("User.ReadWrite", "User.ReadWrite.All", "ProfilePhoto.ReadWrite.All");
        Set<String> otherPhotoWrite = Set.of("User.ReadWrite.All", "ProfilePhoto.ReadWrite.All");
        Set<String> groupPhotoWrite = union(GROUP_WRITE, PHOTO_WRITE_ALL);

        for (Operation read : new Operation[] {Operation.READ_PHOTO_METADATA, Operation.READ_PHOTO_VALUE}) {
            allow(Flavour.WORK, read, Target.SELF, selfPhotoRead);
            allow(Flavour.WORK, read, Target.OTHER_USER, otherPhotoRead);
            allow(Flavour.WORK, read, Target.GROUP, groupPhotoRead);
            allow(Flavour.WORK, read, Target.TEAM, union(groupPhotoRead, TEAM_READ_EXTRA));
            allow(Flavour.WORK, read, Target.OWN_CONTACT, CONTACTS_READ);
            allow(Flavour.PERSONAL, read, Target.OWN_CONTACT, CONTACTS_READ);
            allow(Flavour.APPLICATION, read, Target.OTHER_USER, union(APP_USER_READ, PHOTO_READ_ALL));
            allow(Flavour.APPLICATION, read, Target.GROUP, groupPhotoRead);
            allow(Flavour.APPLICATION, read, Target.TEAM, union(groupPhotoRead, TEAM_READ_EXTRA));
            allow(Flavour.APPLICATION, read, Target.OTHER_USERS_CONTACT, CONTACTS_READ);
        }
        // Personal accounts get their own photo's bytes but not its metadata (Graph's note on the beta page).
        allow(Flavour.PERSONAL, Operation.READ_PHOTO_VALUE, Target.SELF, Set.of("User.Read", "User.ReadWrite"));

        allow(Flavour.WORK, Operation.WRITE_PHOTO, Target.SELF, selfPhotoWrite);
        allow(Flavour.WORK, Operation.WRITE_PHOTO, Target.OTHER_USER, otherPhotoWrite);
        allow(Flavour.WORK, Operation.WRITE_PHOTO, Target.GROUP, groupPhotoWrite);
        allow(Flavour.WORK, Operation.WRITE_PHOTO, Target.TEAM, union(groupPhotoWrite, TEAM_WRITE_EXTRA));
        allow(Flavour.WORK, Operation.WRITE_PHOTO, Target.OWN_CONTACT, CONTACTS_WRITE);
        allow(Flavour.PERSONAL, Operation.WRITE_PHOTO, Target.SELF, Set.of("User.ReadWrite"));
        allow(Flavour.APPLICATION, Operation.WRITE_PHOTO, Target.OTHER_USER, otherPhotoWrite);
        allow(Flavour.APPLICATION, Operation.WRITE_PHOTO, Target.GROUP, groupPhotoWrite);
        allow(Flavour.APPLICATION, Operation.WRITE_PHOTO, Target.TEAM, union(groupPhotoWrite, TEAM_WRITE_EXTRA));
        allow(Flavour.APPLICATION, Operation.WRITE_PHOTO, Target.OTHER_USERS_CONTACT, CONTACTS_WRITE);

        // The directory itself: photo-only permissions do not grant reading or managing users and groups.
        allow(Flavour.WORK, Operation.READ_OBJECT, Target.SELF, SELF_READ);
        allow(Flavour.WORK, Operation.READ_OBJECT, Target.OTHER_USER, OTHER_USER_READ);
        allow(Flavour.WORK, Operation.READ_OBJECT, Target.GROUP, GROUP_READ);
        allow(Flavour.WORK, Operation.READ_OBJECT, Target.TEAM, union(GROUP_READ, TEAM_READ_EXTRA));
        allow(Flavour.WORK, Operation.READ_OBJECT, Target.OWN_CONTACT, CONTACTS_READ);
        allow(Flavour.PERSONAL, Operation.READ_OBJECT, Target.SELF, Set.of("User.Read", "User.ReadWrite"));
        allow(Flavour.PERSONAL, Operation.READ_OBJECT, Target.OWN_CONTACT, CONTACTS_READ);
        allow(Flavour.APPLICATION, Operation.READ_OBJECT, Target.OTHER_USER, APP_USER_READ);
        allow(Flavour.APPLICATION, Operation.READ_OBJECT, Target.GROUP, GROUP_READ);
        allow(Flavour.APPLICATION, Operation.READ_OBJECT, Target.TEAM, GROUP_READ);
        allow(Flavour.APPLICATION, Operation.READ_OBJECT, Target.OTHER_USERS_CONTACT, CONTACTS_READ);

        allow(Flavour.WORK, Operation.WRITE_OBJECT, Target.SELF, Set.of("User.ReadWrite", "User.ReadWrite.All"));
        allow(Flavour.WORK, Operation.WRITE_OBJECT, Target.OTHER_USER, Set.of("User.ReadWrite.All"));
        allow(Flavour.WORK, Operation.WRITE_OBJECT, Target.GROUP, GROUP_WRITE);
        allow(Flavour.WORK, Operation.WRITE_OBJECT, Target.TEAM, GROUP_WRITE);
        allow(Flavour.WORK, Operation.WRITE_OBJECT, Target.OWN_CONTACT, CONTACTS_WRITE);
        allow(Flavour.PERSONAL, Operation.WRITE_OBJECT, Target.SELF, Set.of("User.ReadWrite"));
        allow(Flavour.PERSONAL, Operation.WRITE_OBJECT, Target.OWN_CONTACT, CONTACTS_WRITE);
        allow(Flavour.APPLICATION, Operation.WRITE_OBJECT, Target.OTHER_USER, Set.of("User.ReadWrite.All"));
        allow(Flavour.APPLICATION, Operation.WRITE_OBJECT, Target.GROUP, GROUP_WRITE);
        allow(Flavour.APPLICATION, Operation.WRITE_OBJECT, Target.TEAM, GROUP_WRITE);
        allow(Flavour.APPLICATION, Operation.WRITE_OBJECT, Target.OTHER_USERS_CONTACT, CONTACTS_WRITE);

        // Deleting, or renaming a user: like writing, except that a user's own account needs an administrator.
        for (Flavour flavour : Flavour.values()) {
            table.get(flavour).get(Operation.WRITE_OBJECT).forEach((target, permissions) -> allow(flavour,
                    Operation.ADMINISTER_OBJECT, target, target == Target.SELF ? Set.of() : permissions));
        }
        allow(Flavour.WORK, Operation.ADMINISTER_OBJECT, Target.SELF, Set.of("User.ReadWrite.All"));
    }

    public boolean permits(Caller caller, Operation operation, Target target) {
        return !Collections.disjoint(sufficient(Flavour.of(caller), operation, target), caller.permissions());
    }

    /** The permissions any one of which allows the operation; empty when nothing does. */
    public Set<String> sufficient(Flavour flavour, Operation operation, Target target) {
        return table.getOrDefault(flavour, Map.of())
                .getOrDefault(operation, Map.of())
                .getOrDefault(target, Set.of());
    }

    /**
     * The table's row for one operation on one target, in words: what the OpenAPI document says, so
     * that it cannot drift from what is enforced.
     */
    public String describe(Operation operation, Target target) {
        List<String> columns = new ArrayList<>();
        for (Flavour flavour : Flavour.values()) {
            Set<String> permissions = sufficient(flavour, operation, target);
            if (!permissions.isEmpty()) {
                columns.add(flavour.label + ": " + String.join(", ", new TreeSet<>(permissions)));
            }
        }
        return columns.isEmpty() ? "No permission allows it." : String.join("; ", columns) + ".";
    }

    public void check(Caller caller, Operation operation, Target target) {
        if (!permits(caller, operation, target)) {
            throw new AccessDeniedException("Insufficient privileges to complete the operation.");
        }
    }

    private void allow(Flavour flavour, Operation operation, Target target, Set<String> permissions) {
        table.computeIfAbsent(flavour, f -> new EnumMap<>(Operation.class))
                .computeIfAbsent(operation, o -> new EnumMap<>(Target.class))
                .put(target, permissions);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
