package eu.eevidence.gw.gateway.console;

import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.pki.Role;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.util.List;

/**
 * Who is signed in, as the header shows it: the subject's common name, its roles and its country (the subject's {@code C}),
 * from the client certificate of the TLS connection (the same {@link ClientIdentity} as the API's).
 */
public record Who(String commonName, List<Role> roles, String country, ClientIdentity identity) {

    public static Who of(ClientIdentity id) {
        String cn = id.subject();
        String country = null;
        try {
            for (Rdn rdn : new LdapName(id.subject()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                } else if (rdn.getType().equalsIgnoreCase("C")) {
                    country = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // the whole subject is shown
        }
        return new Who(cn, id.roles().stream().sorted().toList(), country, id);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public String fingerprint() {
        return identity.fingerprint();
    }
}
