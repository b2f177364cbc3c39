package eu.eevidence.gw.gateway.access;

import eu.eevidence.gw.pki.Role;

import java.util.Set;

/** Who is calling, from the client certificate of the mutual-TLS connection. */
public record ClientIdentity(String fingerprint, String subject, Set<Role> roles) {
    public ClientIdentity {
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(Set<Role> wanted) {
        return roles.stream().anyMatch(wanted::contains);
    }
}
