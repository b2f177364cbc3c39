package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeated decoding and encoding of one EPOC is deterministic (every decode gives the same envelope, every encode the
 * same bytes), and prints the order-of-magnitude cost (parse + XSD + rules), single thread. The figures are informative
 * only: performance is judged by benchmarks, never by a timed assertion (a shared 2-core build machine under load
 * would make such a test flaky). The gateway's load is ~1 request/s at peak (domain reference, section f).
 */
class ThroughputTest {

    @Test
    void repeatedDecodeAndEncodeOfAnEpocIsDeterministic() {
        MessageCatalogue catalogue = new MessageCatalogue();
        byte[] json = Corpus.read(Corpus.dir(MessageType.EU_EPOC).resolve("valid.json"));
        byte[] xml = Corpus.read(Corpus.dir(MessageType.EU_EPOC).resolve("valid.xml"));
        Envelope envelope = ((Decoded.Valid) catalogue.decodeJson(json)).envelope();
        for (int i = 0; i < 400; i++) { // warm-up
            catalogue.decodeXml(xml);
            catalogue.decodeJson(json);
            catalogue.encodeXml(envelope);
            catalogue.validate(envelope);
        }
        int n = 400;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(((Decoded.Valid) catalogue.decodeXml(xml)).envelope()).isEqualTo(envelope);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(((Decoded.Valid) catalogue.decodeJson(json)).envelope()).isEqualTo(envelope);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            catalogue.validate(envelope);
        }
        long t3 = System.nanoTime();
        byte[] encoded = catalogue.encodeXml(envelope);
        for (int i = 0; i < n; i++) {
            assertThat(catalogue.encodeXml(envelope)).isEqualTo(encoded);
        }
        long t4 = System.nanoTime();
        double xmlMs = (t1 - t0) / 1e6 / n;
        double jsonMs = (t2 - t1) / 1e6 / n;
        System.out.printf("EEG-BENCH EPOC (%d bytes XML, %d bytes JSON): decodeXml %.3f ms, decodeJson %.3f ms, validate %.3f ms, encodeXml %.3f ms%n",
                xml.length, json.length, xmlMs, jsonMs, (t3 - t2) / 1e6 / n, (t4 - t3) / 1e6 / n);
    }
}
