package org.portrait.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.OwnerPath.UserPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.security.control.Caller;

/** How a path relates to the caller, which decides the permission row that applies. */
class AccessTargetTest {

    Access cut = new Access();

    Caller ada = new Caller("t", "ada-oid", "Ada@Contoso.com", "Ada", true, Set.of("User.Read"), Set.of());
    Caller app = new Caller("t", "sp", null, null, false, Set.of(), Set.of("User.Read.All"));

    @Test
    void meAndOwnIdOrUpnInAnyCaseAreSelf() {
        assertEquals(Target.SELF, cut.target(ada, new UserPath(UserSelector.ME)));
        assertEquals(Target.SELF, cut.target(ada, new UserPath(UserSelector.of("ADA-OID"))));
        assertEquals(Target.SELF, cut.target(ada, new UserPath(UserSelector.of("ada@contoso.com"))));
        assertEquals(Target.OTHER_USER, cut.target(ada, new UserPath(UserSelector.of("bob@contoso.com"))));
    }

    @Test
    void contactsAreOwnOnlyThroughTheCallersOwnUser() {
        assertEquals(Target.OWN_CONTACT, cut.target(ada, new ContactPath(UserSelector.ME, null, "c")));
        assertEquals(Target.OWN_CONTACT, cut.target(ada, new ContactPath(UserSelector.of("ada-oid"), "f", "c")));
        assertEquals(Target.OTHER_USERS_CONTACT, cut.target(ada, new ContactPath(UserSelector.of("bob"), null, "c")));
    }

    @Test
    void applicationTokensNeverActAsAUser() {
        assertEquals(Target.OTHER_USER, cut.target(app, new UserPath(UserSelector.of("sp"))));
        assertEquals(Target.OTHER_USERS_CONTACT, cut.target(app, new ContactPath(UserSelector.of("bob"), null, "c")));
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> cut.target(app, new UserPath(UserSelector.ME)));
        assertEquals("/me request is only valid with delegated authentication flow.", refused.getMessage());
    }

    @Test
    void groupsAndTeamsAreTheirOwnTargets() {
        assertEquals(Target.GROUP, cut.target(ada, new GroupPath("g", false)));
        assertEquals(Target.TEAM, cut.target(ada, new GroupPath("g", true)));
    }
}
