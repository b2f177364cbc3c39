package eu.eevidence.gw.gateway.console.forms;

import eu.eevidence.gw.pki.Role;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.PartyKind;
import eu.eevidence.gw.schema.RequestFamily;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The form of one request type, generated from the catalogue itself ({@link FormGenerator}): a new request type of the
 * catalogue gets its form with no page written by hand.
 *
 * @param type   the request type
 * @param nodes  its fields and groups, in the schema's order
 */
public record FormModel(MessageType type, List<FormNode> nodes) {

    public FormModel {
        nodes = List.copyOf(nodes);
    }

    /** The instrument and articles of the type (catalogue data). */
    public String legalBasis() {
        return type.legalBasis();
    }

    /** The form of {@code type}, or empty when it is not a request (answers and follow-ups have their own pages). */
    public static Optional<FormModel> of(MessageType type) {
        return isRequest(type) ? Optional.of(FormGenerator.generate(type)) : Optional.empty();
    }

    /**
     * The form of an answer the addressee of a request sends ({@link #answerTypes()}), generated the same way; empty for any
     * other type. Its document is the envelope's body.
     */
    public static Optional<FormModel> answer(MessageType type) {
        return answerTypes().contains(type) ? Optional.of(FormGenerator.generate(type)) : Optional.empty();
    }

    /**
     * The catalogue's answers a platform (party kind SERVICE_PROVIDER) sends to a request addressed to it: the lifecycle
     * messages that are {@code LifecycleMessage.Answer}s with SERVICE_PROVIDER among their senders, in catalogue order.
     */
    public static List<MessageType> answerTypes() {
        return Arrays.stream(MessageType.values()).filter(t -> t.family() == RequestFamily.LIFECYCLE
                && eu.eevidence.gw.schema.LifecycleMessage.Answer.class.isAssignableFrom(t.javaType())
                && t.senders().contains(PartyKind.SERVICE_PROVIDER)).toList();
    }

    /** The form of the type named {@code name} (a catalogue constant), or empty. */
    public static Optional<FormModel> named(String name) {
        return Arrays.stream(MessageType.values()).filter(t -> t.name().equals(name)).findFirst().flatMap(FormModel::of);
    }

    /** Every request type of the catalogue, in catalogue order. */
    public static List<MessageType> requestTypes() {
        return Arrays.stream(MessageType.values()).filter(FormModel::isRequest).toList();
    }

    /**
     * The request types a person with {@code roles} sends, by the catalogue's senders: a contact point sends as a 24/7
     * point of contact; a judicial authority as a requesting or central authority; a civil court or an administrative
     * authority as a requesting authority, removal and securing orders only (IssuerScope, ADR-0036: the intake refuses the rest).
     */
    public static List<MessageType> requestTypesFor(Set<Role> roles) {
        Set<PartyKind> kinds = partyKinds(roles);
        List<MessageType> out = new ArrayList<>();
        for (MessageType t : requestTypes()) {
            if (t.senders().stream().anyMatch(kinds::contains) && eu.eevidence.gw.gateway.intake.IssuerScope.allows(roles, t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The catalogue's party kinds a certificate role acts as. */
    public static Set<PartyKind> partyKinds(Set<Role> roles) {
        Set<PartyKind> kinds = EnumSet.noneOf(PartyKind.class);
        if (roles.contains(Role.CONTACT_POINT)) {
            kinds.add(PartyKind.CONTACT_POINT_24_7);
        }
        if (roles.contains(Role.JUDICIAL_AUTHORITY)) {
            kinds.add(PartyKind.REQUESTING_AUTHORITY);
            kinds.add(PartyKind.CENTRAL_AUTHORITY);
        }
        if (roles.contains(Role.CIVIL_COURT) || roles.contains(Role.ADMINISTRATIVE_AUTHORITY)) {
            kinds.add(PartyKind.REQUESTING_AUTHORITY); // within IssuerScope (ADR-0036)
        }
        return kinds;
    }

    /** A request an authority sends (not a follow-up, not a platform's own emergency disclosure, ADR-0031). */
    private static boolean isRequest(MessageType type) {
        return type.family() != RequestFamily.LIFECYCLE && type != MessageType.PLATFORM_EMERGENCY_DISCLOSURE;
    }

    /** Every field of the model, depth first (names without indices). */
    public List<FormNode.Field> fields() {
        List<FormNode.Field> out = new ArrayList<>();
        collect(nodes, out);
        return out;
    }

    private static void collect(List<FormNode> nodes, List<FormNode.Field> out) {
        for (FormNode n : nodes) {
            if (n instanceof FormNode.Field f) {
                out.add(f);
            } else {
                collect(((FormNode.Group) n).children(), out);
            }
        }
    }
}
