package eu.eevidence.gw.gateway.console.tracking;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracking form's parameters go through as the API's, unchanged, and come back in the page and CSV links. */
class TrackingQueryTest {

    @Test
    void blank_fields_of_a_submitted_form_are_absent_parameters() {
        TrackingQuery q = new TrackingQuery(Arrays.asList("", null), List.of(""), " ", "", "", "", "", "", "");
        assertThat(q.states()).isEmpty();
        assertThat(q.platforms()).isEmpty();
        assertThat(q.countries()).isEmpty();
        assertThat(q.dueBefore()).isNull();
        assertThat(q.csvQuery()).isEmpty();
        assertThat(q.pageQuery(1)).isEqualTo("page=1");
    }

    @Test
    void values_are_passed_as_given_for_the_api_to_check() {
        TrackingQuery q = new TrackingQuery(List.of("DISPATCHED", "BOGUS"), List.of("EU_EPOC"), "p1,p2", "ie", "2026-12-24T00:00:00+01:00", "yes",
                "-receivedAt", "x", "25");
        assertThat(q.states()).containsExactly("DISPATCHED", "BOGUS");
        assertThat(q.platforms()).containsExactly("p1,p2");
        assertThat(q.overdueOnly()).isFalse();
        assertThat(q.pageNumber()).isZero();
        assertThat(q.hasState("BOGUS")).isTrue();
    }

    @Test
    void the_links_carry_the_filter_url_encoded_the_csv_without_paging() {
        TrackingQuery q = new TrackingQuery(List.of("DISPATCHED", "PRESERVED"), List.of("EU_EPOC"), "p&1", "IE", "2026-12-24T00:00:00+01:00",
                "true", null, "2", "25");
        assertThat(q.csvQuery()).isEqualTo("state=DISPATCHED&state=PRESERVED&type=EU_EPOC&platform=p%261&country=IE&overdue=true"
                + "&dueBefore=2026-12-24T00%3A00%3A00%2B01%3A00");
        assertThat(q.pageQuery(3)).startsWith(q.csvQuery()).endsWith("&page=3&size=25");
        assertThat(q.pageNumber()).isEqualTo(2);
        assertThat(q.overdueOnly()).isTrue();
    }
}
