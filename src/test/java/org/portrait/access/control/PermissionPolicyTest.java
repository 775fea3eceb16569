package org.portrait.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portrait.security.control.Caller;

/** docs/api.md §7 as a table: flavour, operation, target, the token's permissions, allowed or not. */
class PermissionPolicyTest {

    static final String WORK_TENANT = "11111111-1111-1111-1111-111111111111";

    PermissionPolicy cut = new PermissionPolicy();

    @ParameterizedTest(name = "{0} {1} {2} with [{3}] -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # flavour  | operation           | target              | permissions                      | allowed
            # Reading photos, delegated work or school accounts
            work       | READ_PHOTO_METADATA | SELF                | User.Read                        | true
            work       | READ_PHOTO_VALUE    | SELF                | User.Read                        | true
            work       | READ_PHOTO_METADATA | SELF                | User.ReadWrite                   | true
            work       | READ_PHOTO_METADATA | SELF                | User.ReadBasic.All               | true
            work       | READ_PHOTO_METADATA | SELF                | ProfilePhoto.Read.All            | true
            work       | READ_PHOTO_METADATA | SELF                | Contacts.Read                    | false
            work       | READ_PHOTO_METADATA | SELF                |                                  | false
            work       | READ_PHOTO_VALUE    | OTHER_USER          | User.Read                        | false
            work       | READ_PHOTO_VALUE    | OTHER_USER          | User.ReadWrite                   | false
            work       | READ_PHOTO_VALUE    | OTHER_USER          | User.ReadBasic.All               | true
            work       | READ_PHOTO_VALUE    | OTHER_USER          | User.Read.All                    | true
            work       | READ_PHOTO_METADATA | OTHER_USER          | ProfilePhoto.Read.All            | true
            work       | READ_PHOTO_METADATA | GROUP               | Group.Read.All                   | true
            work       | READ_PHOTO_METADATA | GROUP               | User.Read.All                    | false
            work       | READ_PHOTO_METADATA | GROUP               | Team.ReadBasic.All               | false
            work       | READ_PHOTO_METADATA | TEAM                | Team.ReadBasic.All               | true
            work       | READ_PHOTO_VALUE    | TEAM                | TeamSettings.Read.All            | true
            work       | READ_PHOTO_VALUE    | TEAM                | Group.ReadWrite.All              | true
            work       | READ_PHOTO_VALUE    | OWN_CONTACT         | Contacts.Read                    | true
            work       | READ_PHOTO_VALUE    | OWN_CONTACT         | User.ReadWrite.All               | false
            work       | READ_PHOTO_VALUE    | OTHER_USERS_CONTACT | Contacts.ReadWrite               | false
            # Writing photos, delegated work or school accounts
            work       | WRITE_PHOTO         | SELF                | User.Read                        | false
            work       | WRITE_PHOTO         | SELF                | User.ReadWrite                   | true
            work       | WRITE_PHOTO         | SELF                | ProfilePhoto.ReadWrite.All       | true
            work       | WRITE_PHOTO         | SELF                | ProfilePhoto.Read.All            | false
            work       | WRITE_PHOTO         | OTHER_USER          | User.ReadWrite                   | false
            work       | WRITE_PHOTO         | OTHER_USER          | User.ReadWrite.All               | true
            work       | WRITE_PHOTO         | OTHER_USER          | ProfilePhoto.ReadWrite.All       | true
            work       | WRITE_PHOTO         | GROUP               | Group.Read.All                   | false
            work       | WRITE_PHOTO         | GROUP               | Group.ReadWrite.All              | true
            work       | WRITE_PHOTO         | GROUP               | TeamSettings.ReadWrite.All       | false
            work       | WRITE_PHOTO         | TEAM                | TeamSettings.ReadWrite.All       | true
            work       | WRITE_PHOTO         | OWN_CONTACT         | Contacts.Read                    | false
            work       | WRITE_PHOTO         | OWN_CONTACT         | Contacts.ReadWrite               | true
            # Personal Microsoft accounts: own photo bytes only, no metadata; own contacts
            personal   | READ_PHOTO_VALUE    | SELF                | User.Read                        | true
            personal   | READ_PHOTO_METADATA | SELF                | User.Read                        | false
            personal   | READ_PHOTO_VALUE    | SELF                | User.ReadBasic.All               | false
            personal   | READ_PHOTO_VALUE    | OTHER_USER          | User.Read.All                    | false
            personal   | READ_PHOTO_VALUE    | GROUP               | Group.Read.All                   | false
            personal   | READ_PHOTO_METADATA | OWN_CONTACT         | Contacts.Read                    | true
            personal   | WRITE_PHOTO         | SELF                | User.ReadWrite                   | true
            personal   | WRITE_PHOTO         | SELF                | ProfilePhoto.ReadWrite.All       | false
            personal   | WRITE_PHOTO         | OWN_CONTACT         | Contacts.ReadWrite               | false
            # Application permissions (roles)
            app        | READ_PHOTO_VALUE    | OTHER_USER          | User.Read.All                    | true
            app        | READ_PHOTO_VALUE    | OTHER_USER          | User.ReadBasic.All               | false
            app        | READ_PHOTO_METADATA | OTHER_USER          | ProfilePhoto.Read.All            | true
            app        | READ_PHOTO_METADATA | GROUP               | Group.Read.All                   | true
            app        | READ_PHOTO_METADATA | OTHER_USERS_CONTACT | Contacts.Read                    | true
            app        | WRITE_PHOTO         | OTHER_USER          | User.Read.All                    | false
            app        | WRITE_PHOTO         | OTHER_USER          | User.ReadWrite.All               | true
            app        | WRITE_PHOTO         | GROUP               | Group.ReadWrite.All              | true
            app        | WRITE_PHOTO         | OTHER_USERS_CONTACT | Contacts.Read                    | false
            app        | WRITE_PHOTO         | OTHER_USERS_CONTACT | Contacts.ReadWrite               | true
            # The directory itself: photo permissions do not grant it
            work       | READ_OBJECT         | OTHER_USER          | ProfilePhoto.Read.All            | false
            work       | READ_OBJECT         | OTHER_USER          | User.ReadBasic.All               | true
            work       | READ_OBJECT         | SELF                | User.Read                        | true
            work       | WRITE_OBJECT        | OTHER_USER          | ProfilePhoto.ReadWrite.All       | false
            work       | WRITE_OBJECT        | OTHER_USER          | User.ReadWrite.All               | true
            work       | WRITE_OBJECT        | GROUP               | Group.Read.All                   | false
            work       | WRITE_OBJECT        | GROUP               | Group.ReadWrite.All              | true
            work       | WRITE_OBJECT        | OWN_CONTACT         | Contacts.ReadWrite               | true
            app        | WRITE_OBJECT        | OTHER_USER          | User.ReadWrite.All               | true
            app        | READ_OBJECT         | OTHER_USERS_CONTACT | Contacts.Read                    | true
            # Deleting, or renaming a user: one's own account needs an administrator
            work       | ADMINISTER_OBJECT   | SELF                | User.ReadWrite                   | false
            work       | ADMINISTER_OBJECT   | SELF                | User.ReadWrite.All               | true
            work       | ADMINISTER_OBJECT   | OTHER_USER          | User.ReadWrite.All               | true
            work       | ADMINISTER_OBJECT   | GROUP               | Group.ReadWrite.All              | true
            work       | ADMINISTER_OBJECT   | OWN_CONTACT         | Contacts.ReadWrite               | true
            personal   | ADMINISTER_OBJECT   | SELF                | User.ReadWrite                   | false
            personal   | ADMINISTER_OBJECT   | OWN_CONTACT         | Contacts.ReadWrite               | true
            app        | ADMINISTER_OBJECT   | OTHER_USER          | User.ReadWrite.All               | true
            app        | ADMINISTER_OBJECT   | OTHER_USERS_CONTACT | Contacts.ReadWrite               | true
            """)
    void permits(String flavour, Operation operation, Target target, String permissions, boolean allowed) {
        assertEquals(allowed, cut.permits(caller(flavour, permissions), operation, target));
    }

    @Test
    void lookAlikeScopesGrantNothing() {
        Caller caller = caller("work", "NotUser.Read User.ReadX user.read");
        assertEquals(false, cut.permits(caller, Operation.READ_PHOTO_VALUE, Target.SELF));
    }

    @Test
    void applicationTokensIgnoreScopesAndDelegatedTokensIgnoreRoles() {
        Caller appWithScopeOnly = new Caller(WORK_TENANT, null, null, null, false, Set.of("User.Read.All"), Set.of());
        Caller delegatedWithRoleOnly = new Caller(WORK_TENANT, "u", "u@x", null, true, Set.of(), Set.of("User.Read.All"));
        assertEquals(false, cut.permits(appWithScopeOnly, Operation.READ_PHOTO_VALUE, Target.OTHER_USER));
        assertEquals(false, cut.permits(delegatedWithRoleOnly, Operation.READ_PHOTO_VALUE, Target.OTHER_USER));
    }

    @Test
    void checkThrowsAccessDenied() {
        assertThrows(AccessDeniedException.class,
                () -> cut.check(caller("work", "User.Read"), Operation.WRITE_PHOTO, Target.SELF));
    }

    static Caller caller(String flavour, String permissions) {
        Set<String> granted = permissions == null ? Set.of() : Set.copyOf(Arrays.asList(permissions.trim().split("\\s+")));
        return switch (flavour) {
            case "work" -> new Caller(WORK_TENANT, "oid", "ada@contoso.com", "Ada", true, granted, Set.of());
            case "personal" -> new Caller(Caller.PERSONAL_ACCOUNTS_TENANT, "oid", "ada@outlook.com", "Ada", true, granted, Set.of());
            case "app" -> new Caller(WORK_TENANT, "sp", null, null, false, Set.of(), granted);
            default -> throw new IllegalArgumentException(flavour);
        };
    }
}
