package eu.eevidence.gw.gateway.console.tracking;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracking form's parameters go through as the API's, unchanged, and come back in the page and CSV links. */
class TrackingQueryTest {

    @Test
    void blankFieldsOfASubmittedFormAreAbsentParameters() {
        Map<String, List<String>> m = new HashMap<>();
        m.put("state", Arrays.asList("", null));
        m.put("type", List.of(""));
        m.put("platform", List.of(" "));
        m.put("country", List.of(""));
        m.put("dueBefore", List.of(""));
        m.put("page", List.of());
        TrackingQuery q = TrackingQuery.of(m);
        assertThat(q.states()).isEmpty();
        assertThat(q.platforms()).isEmpty();
        assertThat(q.countries()).isEmpty();
        assertThat(q.dueBefore()).isNull();
        assertThat(q.csvQuery()).isEmpty();
        assertThat(q.pageQuery(1)).isEqualTo("page=1");
    }

    @Test
    void valuesArePassedAsGivenForTheApiToCheck() {
        TrackingQuery q = TrackingQuery.of(Map.of("state", List.of("DISPATCHED", "BOGUS"), "type", List.of("EU_EPOC"), "platform", List.of("p1,p2"),
                "country", List.of("ie"), "dueBefore", List.of("2026-12-24T00:00:00+01:00"), "overdue", List.of("yes"), "sort", List.of("-receivedAt"),
                "page", List.of("x"), "size", List.of("25"), "unknown", List.of("ignored")));
        assertThat(q.states()).containsExactly("DISPATCHED", "BOGUS");
        assertThat(q.platforms()).containsExactly("p1,p2");
        assertThat(q.overdueOnly()).isFalse();
        assertThat(q.pageNumber()).isZero();
        assertThat(q.hasState("BOGUS")).isTrue();
        assertThat(q.csvQuery()).doesNotContain("unknown");
    }

    @Test
    void theLinksCarryTheFilterUrlEncodedTheCsvWithoutPaging() {
        TrackingQuery q = TrackingQuery.of(Map.of("state", List.of("DISPATCHED", "PRESERVED"), "type", List.of("EU_EPOC"), "platform", List.of("p&1"),
                "country", List.of("IE"), "dueBefore", List.of("2026-12-24T00:00:00+01:00"), "overdue", List.of("true"), "page", List.of("2"),
                "size", List.of("25")));
        assertThat(q.csvQuery()).isEqualTo("state=DISPATCHED&state=PRESERVED&type=EU_EPOC&platform=p%261&country=IE&overdue=true"
                + "&dueBefore=2026-12-24T00%3A00%3A00%2B01%3A00");
        assertThat(q.pageQuery(3)).startsWith(q.csvQuery()).endsWith("&page=3&size=25");
        assertThat(q.pageNumber()).isEqualTo(2);
        assertThat(q.overdueOnly()).isTrue();
    }
}
