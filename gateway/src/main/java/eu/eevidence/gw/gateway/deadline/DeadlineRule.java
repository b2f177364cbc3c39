package eu.eevidence.gw.gateway.deadline;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One statutory or agreed time limit, as data (gateway/src/main/resources/deadlines/rules.json).
 *
 * @param id                 stable code of the rule (also the deadline kind in the API)
 * @param instrument         the legal instrument (e.g. BUDAPEST_ART29, EU_EPOC)
 * @param appliesTo          message types the rule applies to
 * @param when               flags of the request that must all be set (e.g. emergency)
 * @param unless             flags of the request that must all be unset
 * @param trigger            the lifecycle event that starts the period
 * @param amount             how many units
 * @param unit               how they are counted
 * @param onDue              what reaching the end means
 * @param metBy              events that satisfy the deadline (it stops, met)
 * @param cancelledBy        events that cancel it (withdrawal, failure)
 * @param suspendedBy        events that stop the clock (clarification pending, mutual-assistance request pending)
 * @param resumedBy          events that restart a suspended clock (remaining time is kept)
 * @param holdWhileSuspended true when a suspension holds the period open with no end (Art. 29(7))
 * @param extension          the extension the instrument allows, or null
 * @param deploymentTarget   true when the amount is a deployment's target rather than a legal figure
 * @param orderMayExtend     true when the order itself may state a longer period
 * @param source             the article the rule comes from, quoted briefly
 * @param description        what the deadline is, for people
 */
public record DeadlineRule(
        String id,
        String instrument,
        List<String> appliesTo,
        Set<String> when,
        Set<String> unless,
        String trigger,
        long amount,
        DeadlineUnit unit,
        DueAction onDue,
        Set<String> metBy,
        Set<String> cancelledBy,
        Set<String> suspendedBy,
        Set<String> resumedBy,
        boolean holdWhileSuspended,
        Extension extension,
        boolean deploymentTarget,
        boolean orderMayExtend,
        String source,
        String description) {

    public DeadlineRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(onDue, "onDue");
        Objects.requireNonNull(source, "source");
        appliesTo = List.copyOf(appliesTo == null ? List.of() : appliesTo);
        when = Set.copyOf(when == null ? Set.of() : when);
        unless = Set.copyOf(unless == null ? Set.of() : unless);
        metBy = Set.copyOf(metBy == null ? Set.of() : metBy);
        cancelledBy = Set.copyOf(cancelledBy == null ? Set.of() : cancelledBy);
        suspendedBy = Set.copyOf(suspendedBy == null ? Set.of() : suspendedBy);
        resumedBy = Set.copyOf(resumedBy == null ? Set.of() : resumedBy);
        if (amount <= 0) {
            throw new IllegalArgumentException(DeadlineError.DDL_001.code() + " rule " + id + ": amount must be positive");
        }
        if (description == null) {
            description = id;
        }
    }

    /** True when this rule starts for a request of this type and these flags at this event. */
    public boolean startsOn(String messageType, Set<String> flags, String event) {
        return trigger.equals(event) && appliesTo.contains(messageType) && flags.containsAll(when)
                && unless.stream().noneMatch(flags::contains);
    }

    /** The same rule with another period (a deployment or bilateral override). */
    public DeadlineRule withPeriod(long newAmount, DeadlineUnit newUnit) {
        return new DeadlineRule(id, instrument, appliesTo, when, unless, trigger, newAmount, newUnit, onDue, metBy, cancelledBy,
                suspendedBy, resumedBy, holdWhileSuspended, extension, deploymentTarget, orderMayExtend, source, description);
    }

    /** An extension the instrument allows: by how much and how many times. */
    public record Extension(long amount, DeadlineUnit unit, int max, String source) {
    }
}
