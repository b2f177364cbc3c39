package eu.eevidence.gw.gateway.intake;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void idsAreUniqueWellFormedAndSortByTime() {
        RequestIds early = new RequestIds(Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneOffset.UTC));
        RequestIds late = new RequestIds(Clock.fixed(Instant.parse("2026-11-24T03:00:01Z"), ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = early.next();
            assertThat(RequestIds.looksValid(id)).as(id).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(late.next().compareTo(early.next())).isPositive();
    }

    @Test
    void rejectsMalformedIdsBeforeAnyLookup() {
        assertThat(RequestIds.looksValid(null)).isFalse();
        assertThat(RequestIds.looksValid("REQ-1")).isFalse();
        assertThat(RequestIds.looksValid("REQ-01JDZZZZZZZZZZZZZZZZZZZZZI")).isFalse(); // I is not Crockford
        assertThat(RequestIds.looksValid("../../etc/passwd")).isFalse();
    }
}
