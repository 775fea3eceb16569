package org.portrait.graph.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CaseInsensitivePathsTest {

    @Test
    void keywordsGetTheirCanonicalSpelling() {
        assertEquals("/v1.0/users/u/contactFolders/f/contacts/c/photo/$value",
                CaseInsensitivePaths.canonical("/V1.0/Users/u/contactfolders/f/CONTACTS/c/Photo/$VALUE"));
        assertEquals("/beta/me/photos/48x48", CaseInsensitivePaths.canonical("/BETA/ME/PHOTOS/48x48"));
    }

    @Test
    void percentEncodedKeywordsAreRecognisedAndIdsLeftAsSent() {
        assertEquals("/v1.0/me/photo/$value", CaseInsensitivePaths.canonical("/v1.0/me/photo/%24value"));
        assertEquals("/v1.0/users/Alice%40Contoso.com/photo", CaseInsensitivePaths.canonical("/v1.0/users/Alice%40Contoso.com/photo"));
    }

    @Test
    void malformedEscapesAreLeftAlone() {
        assertEquals("/v1.0/users/%zz/photo", CaseInsensitivePaths.canonical("/v1.0/users/%zz/photo"));
    }

    @Test
    void idsThatSpellKeywordsStayAsSent() {
        assertEquals("/v1.0/users/Photos/photo", CaseInsensitivePaths.canonical("/v1.0/USERS/Photos/PHOTO"));
        assertEquals("/v1.0/me/contacts/ME/photos", CaseInsensitivePaths.canonical("/v1.0/me/Contacts/ME/Photos"));
        assertEquals("/beta/groups/Users/photo/$value", CaseInsensitivePaths.canonical("/beta/groups/Users/photo/$Value"));
    }
}
