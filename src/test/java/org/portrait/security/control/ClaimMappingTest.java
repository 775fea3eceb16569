package org.portrait.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The claim mapping as a table: claims as a token carries them (JSON, parsed the way the verifier
 * parses them), the tenant its issuer pattern captured, and the caller that comes out, or the refusal.
 * Shapes follow Microsoft's access token reference (v1.0 and v2.0) and Keycloak's access tokens.
 */
class ClaimMappingTest {

    static final String DEFAULT_TENANT = "dddddddd-0000-0000-0000-00000000000d";

    ClaimMapping withDefault = new ClaimMapping(List.of("scp", "scope"),
            List.of("roles", "realm_access.roles", "resource_access.portrait-api.roles"), DEFAULT_TENANT);
    ClaimMapping withoutDefault = new ClaimMapping(List.of("scp", "scope"), List.of("roles", "realm_access.roles"), null);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | default | iss tenant | claims | caller, or 401 and the refusal
            # ---- Microsoft Entra ID v2.0 (iss https://login.microsoftonline.com/{tenantid}/v2.0)
            Entra v2 delegated                       | no  | t1 | {"aud":"c","tid":"t1","oid":"o1","sub":"pairwise-Xy_9","azp":"a","preferred_username":"ada@contoso.com","name":"Ada Admin","scp":"User.Read User.ReadWrite","uti":"u","ver":"2.0"} | tenant=t1 user=o1 upn=ada@contoso.com name=Ada Admin delegated scopes=[User.Read, User.ReadWrite] roles=[]
            Entra v2 application                     | no  | t1 | {"tid":"t1","oid":"sp1","sub":"sp1","azp":"a","azpacr":"1","idtyp":"app","roles":["User.Read.All","ProfilePhoto.ReadWrite.All"],"ver":"2.0"} | tenant=t1 user=sp1 upn=null name=null application scopes=[] roles=[ProfilePhoto.ReadWrite.All, User.Read.All]
            Entra groups are never roles             | no  | t1 | {"tid":"t1","oid":"sp1","groups":["User.ReadWrite.All","0f9a4c1e-0000-4000-8000-000000000001"],"wids":["b79fbf4d-3ef9-4689-8143-76b194e85509"]} | tenant=t1 user=sp1 upn=null name=null application scopes=[] roles=[]
            Entra delegated, neither upn nor p_u     | no  | t1 | {"tid":"t1","oid":"o1","scp":"User.Read"} | tenant=t1 user=o1 upn=null name=null delegated scopes=[User.Read] roles=[]
            Entra app roles in a delegated token     | no  | t1 | {"tid":"t1","oid":"o1","scp":"User.Read","roles":["User.ReadWrite.All"]} | tenant=t1 user=o1 upn=null name=null delegated scopes=[User.Read] roles=[User.ReadWrite.All]
            Entra personal account                   | no  | 9188040d-6c67-4c5b-b112-36a304b66dad | {"tid":"9188040d-6c67-4c5b-b112-36a304b66dad","oid":"o2","preferred_username":"me@outlook.com","scp":"User.Read"} | tenant=9188040d-6c67-4c5b-b112-36a304b66dad user=o2 upn=me@outlook.com name=null delegated scopes=[User.Read] roles=[]
            tid of another tenant than iss           | no  | t1 | {"tid":"t2","oid":"o1","scp":"User.Read"} | 401 Access token tenant (tid) does not match its issuer.
            tid compared without case                | no  | T1 | {"tid":"t1","oid":"o1","scp":"User.Read"} | tenant=t1 user=o1 upn=null name=null delegated scopes=[User.Read] roles=[]
            no tid under a {tenantid} issuer         | yes | t1 | {"oid":"o1","scp":"User.Read"} | 401 Access token has no tenant (tid) claim, which its issuer requires.
            Entra sub is not a user id               | yes | t1 | {"tid":"t1","sub":"o1","scp":"User.Read"} | 401 Delegated access token has no usable object id (oid) claim.
            # ---- Microsoft Entra ID v1.0 (iss https://sts.windows.net/{tenantid}/)
            Entra v1 delegated                       | no  | t1 | {"aud":"api://portrait","tid":"t1","oid":"o1","sub":"pairwise","appid":"a","appidacr":"0","upn":"bob@contoso.com","unique_name":"bob@contoso.com","family_name":"Bob","given_name":"Builder","name":"Bob Builder","amr":["pwd"],"scp":"User.ReadWrite","uti":"u","ver":"1.0"} | tenant=t1 user=o1 upn=bob@contoso.com name=Bob Builder delegated scopes=[User.ReadWrite] roles=[]
            Entra v1 application                     | no  | t1 | {"tid":"t1","oid":"sp1","sub":"sp1","appid":"a","appidacr":"1","idtyp":"app","roles":["User.ReadWrite.All"],"ver":"1.0"} | tenant=t1 user=sp1 upn=null name=null application scopes=[] roles=[User.ReadWrite.All]
            upn wins over preferred_username         | no  | t1 | {"tid":"t1","oid":"o1","upn":"u@contoso.com","preferred_username":"p@contoso.com","scp":"User.Read"} | tenant=t1 user=o1 upn=u@contoso.com name=null delegated scopes=[User.Read] roles=[]
            # ---- a literal issuer: tid taken as it is, or the default tenant
            literal issuer, tid kept                 | yes |    | {"tid":"t3","oid":"o1","scp":"User.Read"} | tenant=t3 user=o1 upn=null name=null delegated scopes=[User.Read] roles=[]
            literal issuer, no tid, no default       | no  |    | {"oid":"o1","scp":"User.Read"} | 401 Access token has no usable tenant (tid) claim.
            # ---- Keycloak (no tid: the default tenant; sub names the user; scope; realm and client roles)
            Keycloak user                            | yes |    | {"iss":"k","aud":["api://portrait","account"],"sub":"5f1c7a4e-1b2c-4d3e-8f90-0a1b2c3d4e5f","typ":"Bearer","azp":"web","scope":"openid profile email User.ReadWrite","realm_access":{"roles":["default-roles-portrait","offline_access"]},"resource_access":{"account":{"roles":["manage-account"]}},"preferred_username":"carol","name":"Carol C","email":"carol@corp.example"} | tenant=dddddddd-0000-0000-0000-00000000000d user=5f1c7a4e-1b2c-4d3e-8f90-0a1b2c3d4e5f upn=carol name=Carol C delegated scopes=[User.ReadWrite, email, openid, profile] roles=[default-roles-portrait, offline_access]
            Keycloak service account, client roles   | yes |    | {"typ":"Bearer","azp":"job","scope":"","realm_access":{"roles":["default-roles-portrait"]},"resource_access":{"portrait-api":{"roles":["User.ReadWrite.All"]},"account":{"roles":["User.Read.All"]}},"client_id":"job","preferred_username":"service-account-job"} | tenant=dddddddd-0000-0000-0000-00000000000d user=null upn=service-account-job name=null application scopes=[] roles=[User.ReadWrite.All, default-roles-portrait]
            Keycloak user without sub or oid         | yes |    | {"scope":"openid User.Read","preferred_username":"carol"} | 401 Delegated access token has no usable user id (oid or sub) claim.
            Keycloak user with an oid mapper         | yes |    | {"oid":"o9","sub":"s9","scope":"User.Read"} | tenant=dddddddd-0000-0000-0000-00000000000d user=o9 upn=null name=null delegated scopes=[User.Read] roles=[]
            Keycloak federated id is no identifier   | yes |    | {"sub":"f:3b1b4a1e-7e2c-4b6a-9d1e-2f3a4b5c6d7e:carol","scope":"User.Read"} | 401 Delegated access token has no usable user id (oid or sub) claim.
            # ---- other providers, odd values
            scopes as an array (Okta)                | yes |    | {"sub":"u1","scp":["User.Read","ProfilePhoto.Read.All"]} | tenant=dddddddd-0000-0000-0000-00000000000d user=u1 upn=null name=null delegated scopes=[ProfilePhoto.Read.All, User.Read] roles=[]
            empty scope list is no scope             | yes |    | {"sub":"u1","scp":[],"roles":["User.Read.All"]} | tenant=dddddddd-0000-0000-0000-00000000000d user=u1 upn=null name=null application scopes=[] roles=[User.Read.All]
            scope as a number: delegated, no scope   | no  | t1 | {"tid":"t1","oid":"o1","scp":7} | tenant=t1 user=o1 upn=null name=null delegated scopes=[] roles=[]
            roles as a string                        | no  | t1 | {"tid":"t1","oid":"o1","roles":"User.Read.All User.ReadWrite.All"} | tenant=t1 user=o1 upn=null name=null application scopes=[] roles=[User.Read.All, User.ReadWrite.All]
            tid as an array                          | yes | t1 | {"tid":["t1"],"oid":"o1","scp":"User.Read"} | 401 Access token has no usable tenant (tid) claim.
            oid as an object                         | yes |    | {"tid":"t1","oid":{"value":"o1"},"sub":"o1","scp":"User.Read"} | 401 Delegated access token has no usable object id (oid) claim.
            oid with a slash                         | no  |    | {"tid":"t1","oid":"../o1","scp":"User.Read"} | 401 Delegated access token has no usable object id (oid) claim.
            app with an unusable oid                 | no  | t1 | {"tid":"t1","oid":"a b","roles":["User.Read.All"]} | tenant=t1 user=null upn=null name=null application scopes=[] roles=[User.Read.All]
            names with control characters dropped    | no  | t1 | {"tid":"t1","oid":"o1","upn":"a\\u0000@b.example","preferred_username":"p@b.example","name":"x\\ny","scp":"User.Read"} | tenant=t1 user=o1 upn=p@b.example name=null delegated scopes=[User.Read] roles=[]
            """)
    void claimsBecomeTheCaller(String name, String withDefaultTenant, String issuerTenant, String claims, String expected) throws Exception {
        ClaimMapping cut = withDefaultTenant.equals("yes") ? withDefault : withoutDefault;
        Map<String, Object> json = JSONObjectUtils.parse(claims);
        String actual;
        try {
            actual = describe(cut.caller(json, issuerTenant == null ? "" : issuerTenant));
        } catch (UnauthenticatedException refused) {
            actual = "401 " + refused.getMessage();
        }
        assertEquals(expected, actual, name);
    }

    @Test
    void aClaimPathMayNameAClientIdWithDots() throws Exception {
        ClaimMapping cut = new ClaimMapping(List.of("scope"), List.of("resource_access.api.portrait.roles"), DEFAULT_TENANT);
        Map<String, Object> claims = JSONObjectUtils.parse(
                "{\"scope\":\"\",\"resource_access\":{\"api.portrait\":{\"roles\":[\"Group.ReadWrite.All\"]},\"api\":{\"portrait\":{\"roles\":[\"wrong\"]}}}}");
        // the client id "api.portrait" is tried before the nested path api -> portrait
        assertEquals("tenant=" + DEFAULT_TENANT + " user=null upn=null name=null application scopes=[] roles=[Group.ReadWrite.All]",
                describe(cut.caller(claims, "")));
        assertEquals(List.of("Group.ReadWrite.All"), ClaimMapping.claim(claims, "resource_access.api.portrait.roles"));
    }

    @Test
    void aClaimWhoseNameContainsDotsIsFoundAsItIs() throws Exception {
        Map<String, Object> claims = JSONObjectUtils.parse("{\"https://corp.example/roles\":[\"User.Read.All\"]}");
        assertEquals(List.of("User.Read.All"), ClaimMapping.claim(claims, "https://corp.example/roles"));
    }

    static String describe(Caller caller) {
        return "tenant=" + caller.tenantId() + " user=" + caller.objectId() + " upn=" + caller.userPrincipalName()
                + " name=" + caller.displayName() + " " + (caller.delegated() ? "delegated" : "application")
                + " scopes=" + new TreeSet<>(caller.scopes()) + " roles=" + new TreeSet<>(caller.roles());
    }
}
