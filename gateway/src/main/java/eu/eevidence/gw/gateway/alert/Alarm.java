package eu.eevidence.gw.gateway.alert;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An alarm that leaves the node to reach people (issue 17 item 5, ADR-0030): what it is about, never who. An alarm holds
 * its kind, its severity, the request (or case) id, the request type and the deadline, and the desk it concerns (used only
 * to choose subscribers, never sent). Nothing else, so that no mail or webhook can carry personal data.
 *
 * <p><b>Adding a kind is one line</b>: a record of one {@link Subject} below, with the roles it reaches and, when it
 * may wait for the digest, {@link Digest}. Its kind name is its simple name in kebab case ({@code FollowUpNotDelivered}
 * is {@code follow-up-not-delivered}), which is what configuration files list and what webhooks carry in their type.
 */
public sealed interface Alarm {

    // ---------------------------------------------------------------- the kinds: one line each (ADR-0030)
    @To(Role.REQUESTER) @Digest record DeadlineWarning(Subject about) implements Alarm { }
    @To({Role.REQUESTER, Role.CONTACT_POINT}) record DeadlineBreach(Subject about) implements Alarm { }
    @To(Role.CONTACT_POINT) @Digest record NewCase(Subject about) implements Alarm { }
    @To({Role.CONTACT_POINT, Role.REQUESTER}) record Emergency(Subject about) implements Alarm { }
    @To({Role.REQUESTER, Role.OPERATOR}) record DeadLetter(Subject about) implements Alarm { }
    @To({Role.REQUESTER, Role.OPERATOR}) record FollowUpNotDelivered(Subject about) implements Alarm { }
    /** issue 19 (ADR-0028): a custody log forked, rolled back, or a witness refused it; the subject's request id is the log's origin. */
    @To(Role.OPERATOR) record CustodySplitView(Subject about) implements Alarm { }

    /** What an alarm is about. */
    Subject about();

    /**
     * The subject of an alarm: the request (or case) id and type, the deadline (null when none) and what tells two
     * alarms of one kind on one request apart ({@code deadlineId}: the deadline rule and warning label, the notice id;
     * "" when the request has one such alarm). {@code desk} chooses subscribers and is never sent: the SHA-256
     * fingerprint of the requesting desk's certificate, {@link #CASES_DESK} for the requested Party's cases, or null.
     */
    record Subject(String requestId, String requestType, Instant deadline, String deadlineId, String desk) {
        public static final String CASES_DESK = "cases";

        public Subject {
            Objects.requireNonNull(requestId, "requestId");
            deadlineId = deadlineId == null ? "" : deadlineId;
        }
    }

    /** Urgent alarms go out at once; digest ones wait for the subscriber's next digest. */
    enum Severity { URGENT, DIGEST }

    /** Who an alarm reaches by default: the desk that sent the request, the 24/7 contact point, the node's operators. */
    enum Role {
        REQUESTER, CONTACT_POINT, OPERATOR;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The roles a kind reaches (a subscriber's explicit list of kinds overrides them). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface To {
        Role[] value();
    }

    /** A kind that may wait for the digest. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Digest {
    }

    default String kind() {
        return kindOf(getClass());
    }

    default Severity severity() {
        return getClass().isAnnotationPresent(Digest.class) ? Severity.DIGEST : Severity.URGENT;
    }

    default List<Role> roles() {
        return List.of(getClass().getAnnotation(To.class).value());
    }

    /** The natural key that makes raising idempotent: kind, request id and deadline id. */
    default String naturalKey() {
        return kind() + "|" + about().requestId() + "|" + about().deadlineId();
    }

    /** Every kind name, in declaration order. */
    static List<String> kinds() {
        return Arrays.stream(Alarm.class.getPermittedSubclasses()).map(Alarm::kindOf).toList();
    }

    /** The alarm of kind {@code kind} about {@code subject} (as read back from the outbox). */
    static Alarm of(String kind, Subject subject) {
        for (Class<?> c : Alarm.class.getPermittedSubclasses()) {
            if (kindOf(c).equals(kind)) {
                try {
                    Constructor<?> make = c.getDeclaredConstructor(Subject.class);
                    return (Alarm) make.newInstance(subject);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("unknown alarm kind " + kind);
    }

    private static String kindOf(Class<?> c) {
        return c.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
