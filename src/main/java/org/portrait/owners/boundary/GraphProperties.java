package org.portrait.owners.boundary;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.portrait.owners.entity.OwnerKind;

/**
 * Every property of Graph's v1.0 user, group, contact and contactFolder resources, so that
 * {@code $select} accepts what a Graph client asks for (Graph Toolkit selects jobTitle,
 * businessPhones and more): a property Portrait does not keep answers null, or [] when it is a
 * collection (docs/api.md §8). Only a name that is no Graph property is refused.
 */
final class GraphProperties {

    private static final Set<String> USER = Set.of("aboutMe", "accountEnabled", "ageGroup", "assignedLicenses",
            "assignedPlans", "authorizationInfo", "birthday", "businessPhones", "city", "companyName",
            "consentProvidedForMinor", "country", "createdDateTime", "creationType", "customSecurityAttributes",
            "deletedDateTime", "department", "displayName", "employeeHireDate", "employeeLeaveDateTime", "employeeId",
            "employeeOrgData", "employeeType", "externalUserState", "externalUserStateChangeDateTime", "faxNumber",
            "givenName", "hireDate", "id", "identities", "imAddresses", "interests", "isManagementRestricted",
            "isResourceAccount", "jobTitle", "lastPasswordChangeDateTime", "legalAgeGroupClassification",
            "licenseAssignmentStates", "mail", "mailboxSettings", "mailNickname", "mobilePhone", "mySite",
            "officeLocation", "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesExtensionAttributes",
            "onPremisesImmutableId", "onPremisesLastSyncDateTime", "onPremisesProvisioningErrors",
            "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesSyncEnabled",
            "onPremisesUserPrincipalName", "otherMails", "passwordPolicies", "passwordProfile", "pastProjects",
            "postalCode", "preferredDataLocation", "preferredLanguage", "preferredName", "provisionedPlans",
            "proxyAddresses", "responsibilities", "schools", "securityIdentifier", "serviceProvisioningErrors",
            "showInAddressList", "signInActivity", "signInSessionsValidFromDateTime", "skills", "state",
            "streetAddress", "surname", "usageLocation", "userPrincipalName", "userType");

    private static final Set<String> USER_COLLECTIONS = Set.of("assignedLicenses", "assignedPlans", "businessPhones",
            "identities", "imAddresses", "interests", "licenseAssignmentStates", "onPremisesProvisioningErrors",
            "otherMails", "pastProjects", "provisionedPlans", "proxyAddresses", "responsibilities", "schools",
            "serviceProvisioningErrors", "skills");

    private static final Set<String> GROUP = Set.of("allowExternalSenders", "assignedLabels", "assignedLicenses",
            "autoSubscribeNewMembers", "classification", "createdDateTime", "deletedDateTime", "description",
            "displayName", "expirationDateTime", "groupTypes", "hasMembersWithLicenseErrors", "hideFromAddressLists",
            "hideFromOutlookClients", "id", "isArchived", "isAssignableToRole", "isManagementRestricted",
            "isSubscribedByMail", "licenseProcessingState", "mail", "mailEnabled", "mailNickname", "membershipRule",
            "membershipRuleProcessingState", "onPremisesDomainName", "onPremisesLastSyncDateTime",
            "onPremisesNetBiosName", "onPremisesProvisioningErrors", "onPremisesSamAccountName",
            "onPremisesSecurityIdentifier", "onPremisesSyncEnabled", "preferredDataLocation", "preferredLanguage",
            "proxyAddresses", "renewedDateTime", "securityEnabled", "securityIdentifier", "serviceProvisioningErrors",
            "theme", "uniqueName", "unseenCount", "visibility");

    private static final Set<String> GROUP_COLLECTIONS = Set.of("assignedLabels", "assignedLicenses", "groupTypes",
            "onPremisesProvisioningErrors", "proxyAddresses", "serviceProvisioningErrors");

    private static final Set<String> CONTACT = Set.of("assistantName", "birthday", "businessAddress",
            "businessHomePage", "businessPhones", "categories", "changeKey", "children", "companyName",
            "createdDateTime", "department", "displayName", "emailAddresses", "fileAs", "generation", "givenName",
            "homeAddress", "homePhones", "id", "imAddresses", "initials", "jobTitle", "lastModifiedDateTime", "manager",
            "middleName", "mobilePhone", "nickName", "officeLocation", "otherAddress", "parentFolderId",
            "personalNotes", "profession", "spouseName", "surname", "title", "yomiCompanyName", "yomiGivenName",
            "yomiSurname");

    private static final Set<String> CONTACT_COLLECTIONS = Set.of("businessPhones", "categories", "children",
            "emailAddresses", "homePhones", "imAddresses");

    private static final Set<String> CONTACT_FOLDER = Set.of("displayName", "id", "parentFolderId");

    /** Per kind: every property name, mapped to whether it is a collection. */
    private static final Map<OwnerKind, Map<String, Boolean>> BY_KIND = Map.of(
            OwnerKind.USER, of(USER, USER_COLLECTIONS),
            OwnerKind.GROUP, of(GROUP, GROUP_COLLECTIONS),
            OwnerKind.CONTACT, of(CONTACT, CONTACT_COLLECTIONS),
            OwnerKind.CONTACT_FOLDER, of(CONTACT_FOLDER, Set.of()));

    private GraphProperties() {
    }

    /** The kind's properties, each mapped to whether it is a collection. */
    static Map<String, Boolean> of(OwnerKind kind) {
        return BY_KIND.get(kind);
    }

    private static Map<String, Boolean> of(Set<String> properties, Set<String> collections) {
        return Stream.concat(properties.stream(), collections.stream()).distinct()
                .collect(Collectors.toUnmodifiableMap(p -> p, collections::contains));
    }
}
