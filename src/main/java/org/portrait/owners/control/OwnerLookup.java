package org.portrait.owners.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.cache.control.BoundedCache;
import org.portrait.cache.control.CacheFreshness;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/**
 * Finds the owners that paths name, through an in-memory cache: every photo read resolves its owner
 * first. Found owners are kept (an unknown one is looked up again); any write to a tenant's owners
 * forgets all of that tenant's, once its transaction has ended (docs/performance.md), and another
 * instance's write within a poll interval (docs/scaling.md). The owners
 * handed out are detached snapshots: read them, never change them.
 */
@ApplicationScoped
public class OwnerLookup {

    @Inject
    OwnerStore store;

    @Inject
    Owners owners;

    /** Owner look-ups kept. */
    @Inject
    @ConfigProperty(name = "portrait.cache.owners", defaultValue = "100000")
    int maxEntries;

    @Inject
    CacheFreshness freshness;

    private BoundedCache<Key, Owner> cache;

    /** How a request named the owner, in the tenant and under the parent (user) it was looked up in. */
    record Key(String tenantId, String form, String parentKey, String name) {
    }

    @PostConstruct
    void create() {
        cache = new BoundedCache<>(maxEntries, Long.MAX_VALUE, owner -> 1);
    }

    public Optional<Owner> group(String tenantId, String groupId) {
        return lookUp(new Key(tenantId, "group", null, Owner.lower(groupId)),
                () -> store.byObjectId(tenantId, OwnerKind.GROUP, groupId));
    }

    /** A user by object id or userPrincipalName. */
    public Optional<Owner> user(String tenantId, String idOrUpn) {
        return lookUp(new Key(tenantId, "user", null, Owner.lower(idOrUpn)),
                () -> store.userByIdOrUpn(tenantId, idOrUpn));
    }

    /** A contact or folder with this id that belongs to {@code user}. */
    public Optional<Owner> ownedBy(Owner user, OwnerKind kind, String objectId) {
        return lookUp(new Key(user.tenantId(), kind.name(), user.key(), Owner.lower(objectId)),
                () -> store.ownedBy(user, kind, objectId));
    }

    /** The signed-in user, created from the token's claims on first use. */
    public Owner signedIn(String tenantId, String objectId, String userPrincipalName, String displayName) {
        return lookUp(new Key(tenantId, "signedIn", null, Owner.lower(objectId)),
                () -> Optional.of(owners.signedIn(tenantId, objectId, userPrincipalName, displayName))).orElseThrow();
    }

    /** Through the cache while it is known to be current, else straight from the database. */
    private Optional<Owner> lookUp(Key key, Supplier<Optional<Owner>> loader) {
        return freshness.trusted() ? cache.get(key, loader) : loader.get();
    }

    /** After the writing transaction, committed or not: the tenant's owners are looked up again. */
    void ownersChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) OwnersChanged changed) {
        forget(changed.tenantId());
    }

    /** Forgets a tenant's owners; also what another instance's write tells this one to forget. */
    public void forget(String tenantId) {
        cache.invalidate(key -> key.tenantId().equals(tenantId));
    }

    /** Forgets every tenant's owners: this instance may have missed other instances' writes. */
    public void forgetAll() {
        cache.invalidateAll();
    }
}
