package org.portrait.directory.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.OwnerPath.UserPath;
import org.portrait.owners.entity.UserSelector;

/** The fast path recognises the plain spellings of every $value path and leaves everything else to JAX-RS. */
class PhotoValuePathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /v1.0/me/photo/$value                                     | me             | -     | -      | -       | -
            /beta/ME/Photo/$VALUE                                     | me             | -     | -      | -       | -
            /v1.0/me/photos/48x48/$value                              | me             | -     | -      | -       | 48x48
            /v1.0/me/photo/48X48/$value                               | me             | -     | -      | -       | 48X48
            /v1.0/users/ada%40contoso.com/photo/$value                | user           | ada@contoso.com | - | -  | -
            /v1.0/users/Users/photos/96x96/$value                     | user           | Users | -      | -       | 96x96
            /v1.0/groups/g1/photo/$value                              | group          | g1    | -      | -       | -
            /v1.0/teams/t1/photos/64x64/$value                        | team           | t1    | -      | -       | 64x64
            /v1.0/me/contacts/c%3D1/photo/$value                      | contact        | -     | -      | c=1     | -
            /v1.0/users/u1/contacts/c1/photo/$value                   | contact        | u1    | -      | c1      | -
            /v1.0/me/contactfolders/f1/contacts/c1/photos/48x48/$value | contact       | -     | f1     | c1      | 48x48
            /v1.0/users/u1/contactFolders/f1/contacts/c1/photo/$value | contact        | u1    | f1     | c1      | -
            """)
    void recognisesEveryOwnerAndSizeSpelling(String raw, String kind, String id, String folder, String contact, String size) {
        OwnerPath expected = switch (kind) {
            case "me" -> new UserPath(UserSelector.ME);
            case "user" -> new UserPath(UserSelector.of(id));
            case "group" -> new GroupPath(id, false);
            case "team" -> new GroupPath(id, true);
            default -> new ContactPath(id == null ? UserSelector.ME : UserSelector.of(id), folder, contact);
        };
        assertEquals(Optional.of(new PhotoValuePath(expected, Optional.ofNullable(size))), PhotoValuePath.parse(raw));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1.0/me/photo
            /v1.0/me/photos/48x48
            /v2.0/me/photo/$value
            /v1.0/me/photo/$value/extra
            /v1.0/users/photo/$value
            /v1.0/users//photo/$value
            /v1.0/users/a%2Fb/photo/$value
            /v1.0/users/..%2F..%2Fetc/photo/$value
            /v1.0/users/%2e%2e/photo/$value
            /v1.0/users/x;a=b/photo/$value
            /v1.0/users/%ZZ/photo/$value
            /v1.0/groups/g1/contacts/c1/photo/$value
            /v1.0/me/contactFolders/f1/photo/$value
            /v1.0/me/photos/$value
            /v1.0/me/photo/48x48/extra/$value
            /health/live
            """)
    void leavesEverythingElseToJaxRs(String raw) {
        assertEquals(Optional.empty(), PhotoValuePath.parse(raw));
    }
}
