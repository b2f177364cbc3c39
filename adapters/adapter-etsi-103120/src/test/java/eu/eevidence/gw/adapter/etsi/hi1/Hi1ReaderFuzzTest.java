package eu.eevidence.gw.adapter.etsi.hi1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import java.util.List;

/**
 * Fuzz target of the HI-1 reader (ETSI TS 103 120 messages, as the TS 103 120 adapter polls them and the TS 104 144
 * adapter receives them; docs/design/fuzzing.md): {@link Hi1Reader#read}, the answer objects it carries
 * ({@link Hi1Answers#map}: notifications, deliveries and their manifests, documents) and an error answer's text.
 * Contract: values or a {@link Hi1Reader.Hi1Exception} with an EEG code; anything else escaping is a finding.
 */
class Hi1ReaderFuzzTest {

    @FuzzTest
    void message(byte[] xml) {
        assertThat(Hi1Adapter.errorText(xml)).isNotNull();
        Hi1Reader.Message m;
        try {
            m = Hi1Reader.read(xml);
        } catch (Hi1Reader.Hi1Exception e) {
            assertThat(e.code()).startsWith("EEG-");
            return;
        }
        for (Hi1Reader.ActionRequest r : m.requests()) {
            answers(r.objects(), m, xml);
        }
        for (Hi1Reader.ActionResponse r : m.responses()) {
            answers(r.objects(), m, xml);
        }
    }

    private static void answers(List<org.w3c.dom.Element> objects, Hi1Reader.Message m, byte[] raw) {
        try {
            for (PortalAnswer a : Hi1Answers.map(objects, m.header().timestamp(), raw)) {
                assertThat(a.answerId()).isNotNull();
            }
        } catch (Hi1Reader.Hi1Exception e) {
            assertThat(e.code()).startsWith("EEG-");
        }
    }
}
