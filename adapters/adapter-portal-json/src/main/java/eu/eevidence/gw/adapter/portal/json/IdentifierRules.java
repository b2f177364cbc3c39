package eu.eevidence.gw.adapter.portal.json;

import eu.eevidence.gw.adapter.api.DeliveryOutcome;
import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PortalHttp;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import eu.eevidence.gw.adapter.api.AdapterError;

/**
 * A platform's rules for target identifiers, checked before anything is sent (Kodex-style portals refuse display
 * names and handles where they need permanent ids). Destination settings:
 * <ul>
 * <li>{@code identifiers.accepted}: comma-separated {@link DeliveryRequest.IdentifierType}s the platform takes
 *     (absent: no rule);</li>
 * <li>{@code identifiers.<TYPE>.pattern}: a regular expression the whole value must match, e.g.
 *     {@code identifiers.ACCOUNT_ID.pattern=[0-9]{17,20}} for numeric user ids.</li>
 * </ul>
 * Codes (outcome {@link DeliveryOutcome.Rejected} with HTTP status 0, nothing sent): EEG-ID-MISSING,
 * EEG-ID-TYPE-NOT-ACCEPTED, EEG-ID-FORMAT, EEG-ADP-CONFIG (a rule that does not parse).
 */
final class IdentifierRules {

    private IdentifierRules() {
    }

    static Optional<DeliveryOutcome.Rejected> check(DeliveryRequest request) {
        DeliveryRequest.Destination d = request.destination();
        String accepted = d.setting("identifiers.accepted", null);
        Set<DeliveryRequest.IdentifierType> types = EnumSet.noneOf(DeliveryRequest.IdentifierType.class);
        if (accepted != null) {
            for (String t : accepted.split(",")) {
                try {
                    types.add(DeliveryRequest.IdentifierType.valueOf(t.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    return Optional.of(reject(AdapterError.ADP_CONFIG.code(), "platform " + d.platformId()
                            + " names an unknown identifier type in identifiers.accepted"));
                }
            }
            if (request.context().identifiers().isEmpty() && !request.operation().map(o -> o.followUp()).orElse(false)) {
                return Optional.of(reject(PortalError.ID_MISSING.code(), "platform " + d.platformId() + " needs an identifier of type " + types));
            }
        }
        for (DeliveryRequest.TargetIdentifier id : request.context().identifiers()) {
            if (accepted != null && !types.contains(id.type())) {
                return Optional.of(reject(PortalError.ID_TYPE_NOT_ACCEPTED.code(), "platform " + d.platformId() + " does not take a " + id.type()
                        + " (it takes " + types + ")"));
            }
            String pattern = d.setting("identifiers." + id.type().name() + ".pattern", null);
            if (pattern != null) {
                Pattern p;
                try {
                    p = Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    return Optional.of(reject(AdapterError.ADP_CONFIG.code(), "platform " + d.platformId() + " has an unreadable identifiers." + id.type()
                            + ".pattern"));
                }
                if (!p.matcher(id.value()).matches()) {
                    return Optional.of(reject(PortalError.ID_FORMAT.code(), "the " + id.type() + " '" + PortalHttp.sanitize(id.value())
                            + "' is not in the form platform "
                            + d.platformId() + " requires"));
                }
            }
        }
        return Optional.empty();
    }

    private static DeliveryOutcome.Rejected reject(String code, String reason) {
        return new DeliveryOutcome.Rejected(code, reason, 0);
    }
}
