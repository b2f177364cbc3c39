package eu.eevidence.gw.gateway.tracking;

import eu.eevidence.gw.gateway.order.RequestState;

import java.time.Instant;
import java.util.Set;

/**
 * What a prosecutor or contact point asks of the tracking API. Empty sets mean "any".
 *
 * @param overdue   only requests whose next deadline has passed
 * @param dueBefore only requests whose next deadline is before this instant
 * @param sort      order of the list
 * @param page      0-based page
 * @param size      page size, 1..{@value #MAX_SIZE}
 */
public record TrackingFilter(Set<RequestState> states, Set<String> types, Set<String> platforms, Set<String> countries,
                             Instant dueBefore, boolean overdue, Sort sort, int page, int size) {

    public static final int MAX_SIZE = 500;

    public TrackingFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
        types = types == null ? Set.of() : Set.copyOf(types);
        platforms = platforms == null ? Set.of() : Set.copyOf(platforms);
        countries = countries == null ? Set.of() : Set.copyOf(countries);
        sort = sort == null ? Sort.NEXT_DEADLINE : sort;
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
    }

    public static TrackingFilter all() {
        return new TrackingFilter(Set.of(), Set.of(), Set.of(), Set.of(), null, false, Sort.NEXT_DEADLINE, 0, 50);
    }

    /** List orders, each backed by an index. */
    public enum Sort {
        /** Soonest next deadline first; requests without a deadline last. */
        NEXT_DEADLINE,
        /** Newest first. */
        RECEIVED
    }
}
