package eu.eevidence.gw.gateway.routing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who this node is in the network: a stable node id, the Party (ISO 3166-1 alpha-2 country code, or {@code EU} for
 * a Union body) and its function.
 *
 * @param nodeId  directory id, e.g. {@code be-247}; lower-case letters, digits and dashes
 * @param country ISO 3166-1 alpha-2 code, upper case, e.g. {@code BE}
 * @param role    the node's function for its Party
 */
public record NodeIdentity(String nodeId, String country, NodeRole role) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public NodeIdentity {
        Objects.requireNonNull(role, "role");
        if (nodeId == null || !ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException(RoutingError.NET_ID.code() + " node id must be 2-63 lower-case letters, digits or dashes: " + nodeId);
        }
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException(RoutingError.NET_COUNTRY.code() + " country must be an ISO 3166-1 alpha-2 code in upper case: " + country);
        }
    }
}
