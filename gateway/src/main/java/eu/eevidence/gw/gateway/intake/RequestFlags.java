package eu.eevidence.gw.gateway.intake;

import eu.eevidence.gw.schema.ContactPointAssistanceRequest;
import eu.eevidence.gw.schema.DataCategory;
import eu.eevidence.gw.schema.EuProductionOrder;
import eu.eevidence.gw.schema.EvidenceRequest;
import eu.eevidence.gw.schema.GiveEffectRequest;
import eu.eevidence.gw.schema.RequestFamily;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The flags of a request that select its deadline rules (deadlines/rules.json "when" / "unless"):
 * {@code emergency} (an emergency family, an emergency deadline kind, or an ETS 185 Art. 35 request with a threat to life), {@code trafficData},
 * {@code enforcingAuthorityNotified}.
 */
public final class RequestFlags {

    public static final String EMERGENCY = "emergency";
    public static final String TRAFFIC_DATA = "trafficData";
    public static final String ENFORCING_AUTHORITY_NOTIFIED = "enforcingAuthorityNotified";

    private RequestFlags() {
    }

    public static Set<String> of(EvidenceRequest request) {
        Set<String> flags = new LinkedHashSet<>();
        if (request.type().family() == RequestFamily.EMERGENCY) {
            flags.add(EMERGENCY);
        }
        if (request instanceof ContactPointAssistanceRequest art35 && Boolean.TRUE.equals(art35.threatToLife())) {
            flags.add(EMERGENCY); // ETS 185 Art. 35 with a threat to life (ADR-0031 amendment)
        }
        if (request instanceof eu.eevidence.gw.schema.UnccContactPointRequest art41 && Boolean.TRUE.equals(art41.threatToLife())) {
            flags.add(EMERGENCY); // UNCC Art. 41, as ETS 185 Art. 35 (ADR-0036)
        }
        if (request instanceof EuProductionOrder epoc) {
            if (epoc.deadline() == EuProductionOrder.DeadlineKind.EIGHT_HOURS) {
                flags.add(EMERGENCY);
            }
            if (epoc.notification() != null && Boolean.TRUE.equals(epoc.notification().notified())) {
                flags.add(ENFORCING_AUTHORITY_NOTIFIED);
            }
        }
        if (request instanceof GiveEffectRequest g && g.categories().contains(DataCategory.TRAFFIC)) {
            flags.add(TRAFFIC_DATA);
        }
        return flags;
    }
}
