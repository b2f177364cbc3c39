package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order-of-magnitude cost of decoding (parse + XSD + rules) and encoding one EPOC, single thread. The bound is
 * generous (shared 2-core build machine); the printed figures are what the report quotes. The gateway's load
 * is ~1 request/s at peak (domain reference, section f).
 */
class ThroughputTest {

    @Test
    void decode_and_encode_an_epoc_in_well_under_twenty_milliseconds() {
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
            assertThat(catalogue.decodeXml(xml)).isInstanceOf(Decoded.Valid.class);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(catalogue.decodeJson(json)).isInstanceOf(Decoded.Valid.class);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            catalogue.validate(envelope);
        }
        long t3 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            catalogue.encodeXml(envelope);
        }
        long t4 = System.nanoTime();
        double xmlMs = (t1 - t0) / 1e6 / n;
        double jsonMs = (t2 - t1) / 1e6 / n;
        System.out.printf("EEG-BENCH EPOC (%d bytes XML, %d bytes JSON): decodeXml %.3f ms, decodeJson %.3f ms, validate %.3f ms, encodeXml %.3f ms%n",
                xml.length, json.length, xmlMs, jsonMs, (t3 - t2) / 1e6 / n, (t4 - t3) / 1e6 / n);
        assertThat(xmlMs).isLessThan(20.0);
        assertThat(jsonMs).isLessThan(20.0);
    }
}
