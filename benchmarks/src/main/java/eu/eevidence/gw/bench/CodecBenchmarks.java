package eu.eevidence.gw.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import eu.eevidence.gw.schema.Envelope;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.MessageValidator;
import eu.eevidence.gw.schema.validation.Violation;
import eu.eevidence.gw.schema.xml.XmlCodec;

/**
 * The codecs of message-schemas on a valid European Production Order (the corpus' EU_EPOC/valid, about 2.4 KB):
 * JSON and XML decoding (each with XSD or Jackson strictness and the catalogue's validation), encoding, and the
 * validation alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmarks {

    private JsonCodec json;
    private XmlCodec xml;
    private MessageValidator validator;
    private byte[] jsonBytes;
    private byte[] xmlBytes;
    private Envelope envelope;

    /** Codecs built once, as the gateway does; the messages decoded once to check they are valid. */
    @Setup
    public void setUp() throws IOException {
        validator = new MessageValidator();
        json = new JsonCodec(validator);
        xml = new XmlCodec(validator);
        jsonBytes = resource("/bench/eu-epoc.json");
        xmlBytes = resource("/bench/eu-epoc.xml");
        envelope = valid(json.decodeEnvelope(jsonBytes));
        valid(xml.decode(xmlBytes));
    }

    /** JSON decoding with validation. */
    @Benchmark
    public Decoded jsonDecode() {
        return json.decodeEnvelope(jsonBytes);
    }

    /** Canonical JSON encoding. */
    @Benchmark
    public byte[] jsonEncode() {
        return json.canonical(envelope);
    }

    /** XML decoding: XSD validation, then the catalogue's validation. */
    @Benchmark
    public Decoded xmlDecode() {
        return xml.decode(xmlBytes);
    }

    /** XML encoding. */
    @Benchmark
    public byte[] xmlEncode() {
        return xml.encode(envelope);
    }

    /** The catalogue's validation (Bean Validation and cross-field rules) of a decoded message. */
    @Benchmark
    public List<Violation> validate() {
        return validator.validate(envelope);
    }

    private static Envelope valid(Decoded d) {
        if (d instanceof Decoded.Valid v) {
            return v.envelope();
        }
        throw new IllegalStateException("benchmark message is not valid: " + d);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CodecBenchmarks.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing " + name);
            }
            return in.readAllBytes();
        }
    }
}
