package eu.eevidence.gw.schema.catalogue;

import eu.eevidence.gw.schema.MessageType;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Hostile inputs, XML and JSON: each is rejected with its code, fast, without touching file or network. */
class HardenedParsingTest {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final String VALID_XML = new String(Corpus.read(Corpus.dir(MessageType.WITHDRAWAL).resolve("valid.xml")), StandardCharsets.UTF_8);
    private static final String VALID_JSON = new String(Corpus.read(Corpus.dir(MessageType.WITHDRAWAL).resolve("valid.json")), StandardCharsets.UTF_8);
    private static final String BODY = "<envelope xmlns=\"urn:eevidence:gateway:messages:v1\">";

    /** Replaces the withdrawal reason text with {@code replacement} (raw XML). */
    private static String withReason(String replacement) {
        return VALID_XML.replace("The suspect has been identified by other means.", replacement);
    }

    private static String withDoctype(String doctype, String reason) {
        return withReason(reason).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + doctype);
    }

    static Stream<Arguments> hostileXml() throws IOException {
        Path secret = Files.createTempFile("eeg-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET");
        secret.toFile().deleteOnExit();
        String laughs = "<!DOCTYPE envelope [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\"><!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\"><!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\"><!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>";
        return Stream.of(
                arguments("XXE external general entity (file)", withDoctype("<!DOCTYPE envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>", "&xxe;"), "EEG-XML-DOCTYPE"),
                arguments("XXE external parameter entity", withDoctype("<!DOCTYPE envelope [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]>", "x"), "EEG-XML-DOCTYPE"),
                arguments("external DTD", withDoctype("<!DOCTYPE envelope SYSTEM \"" + secret.toUri() + "\">", "x"), "EEG-XML-DOCTYPE"),
                arguments("billion laughs", withDoctype(laughs, "&lol9;"), "EEG-XML-DOCTYPE"),
                arguments("undeclared entity reference", withReason("&xxe;"), "EEG-XML-MALFORMED"),
                arguments("XInclude", withReason("<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + secret.toUri() + "\"/>"), "EEG-XML-SCHEMA"),
                arguments("schemaLocation pointing elsewhere", VALID_XML.replace(BODY, "<envelope xmlns=\"urn:eevidence:gateway:messages:v1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:eevidence:gateway:messages:v1 " + secret.toUri() + "\">"), "EEG-XML-SCHEMA"),
                arguments("oversized field", withReason("a".repeat(5000)), "EEG-XML-SCHEMA"),
                arguments("text beyond the per-element limit", withReason("a".repeat(70_000)), "EEG-XML-LIMIT"),
                arguments("deep nesting", withReason("<a>".repeat(100) + "</a>".repeat(100)), "EEG-XML-LIMIT"),
                arguments("many attributes", VALID_XML.replace(BODY, BODY.replace(">", attributes(40) + ">")), "EEG-XML-LIMIT"),
                arguments("control character reference", withReason("a&#1;b"), "EEG-XML-MALFORMED"),
                arguments("C1 control character", withReason("a\u0085b"), "EEG-VAL-TEXT"),
                arguments("bidi override", withReason("a\u202Eb"), "EEG-VAL-TEXT"),
                arguments("processing instruction", withReason("<?php system('id'); ?>"), "EEG-XML-MALFORMED"),
                arguments("wrong namespace", VALID_XML.replace("urn:eevidence:gateway:messages:v1", "urn:eevidence:gateway:messages:v2"), "EEG-XML-NAMESPACE"),
                arguments("wrong root", "<?xml version=\"1.0\"?><order xmlns=\"urn:eevidence:gateway:messages:v1\"/>", "EEG-XML-NAMESPACE"),
                arguments("truncated", VALID_XML.substring(0, VALID_XML.length() / 2), "EEG-XML-MALFORMED"),
                arguments("not XML", "hello", "EEG-XML-MALFORMED"),
                arguments("JSON sent as XML", VALID_JSON, "EEG-XML-MALFORMED"),
                arguments("attribute on a field", VALID_XML.replace("<reason>", "<reason lang=\"en\">"), "EEG-XML-SCHEMA"));
    }

    private static String attributes(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(" a").append(i).append("=\"x\"");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileXml")
    void hostileXmlIsRejectedWithItsCode(String name, String xml, String code) {
        Decoded result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> CATALOGUE.decodeXml(xml.getBytes(StandardCharsets.UTF_8)));
        assertRejected(result, code);
    }

    @Test
    void invalidUtf8InXmlIsAnEncodingError() {
        byte[] bytes = withReason("caf\u00e9").getBytes(StandardCharsets.UTF_8);
        int i = indexOf(bytes, (byte) 0xC3);
        bytes[i + 1] = (byte) 0x41; // 0xC3 followed by ASCII: not UTF-8
        assertRejected(CATALOGUE.decodeXml(bytes), "EEG-XML-ENCODING");
    }

    @Test
    void overlongUtf8SurrogatesAndABomInXmlAreEncodingErrors() {
        byte[] overlong = withReason("caf\u00e9").getBytes(StandardCharsets.UTF_8);
        int i = indexOf(overlong, (byte) 0xC3);
        overlong[i] = (byte) 0xC0; // C0 AF: '/' in an overlong form
        overlong[i + 1] = (byte) 0xAF;
        assertRejected(CATALOGUE.decodeXml(overlong), "EEG-XML-ENCODING");
        byte[] surrogate = withReason("x\uFFFDy").getBytes(StandardCharsets.UTF_8);
        int r = indexOf(surrogate, (byte) 0xEF); // the reason holds the only non-ASCII character
        surrogate[r] = (byte) 0xED;
        surrogate[r + 1] = (byte) 0xA0;
        surrogate[r + 2] = (byte) 0x80;
        assertRejected(CATALOGUE.decodeXml(surrogate), "EEG-XML-ENCODING");
        byte[] valid = VALID_XML.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[valid.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(valid, 0, bom, 3, valid.length);
        assertRejected(CATALOGUE.decodeXml(bom), "EEG-XML-ENCODING");
        assertThat(CATALOGUE.decodeXml(valid)).isInstanceOf(Decoded.Valid.class);
    }

    @Test
    void aDeclaredNonUtf8EncodingIsRefused() {
        byte[] latin1 = withReason("caf\u00e9").replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").getBytes(StandardCharsets.ISO_8859_1);
        assertRejected(CATALOGUE.decodeXml(latin1), "EEG-XML-ENCODING");
        byte[] ascii = VALID_XML.replace("encoding=\"UTF-8\"", "encoding='US-ASCII'").getBytes(StandardCharsets.UTF_8);
        assertRejected(CATALOGUE.decodeXml(ascii), "EEG-XML-ENCODING");
        byte[] utf16 = VALID_XML.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16);
        assertRejected(CATALOGUE.decodeXml(utf16), "EEG-XML-ENCODING");
        assertRejected(CATALOGUE.decodeXml(VALID_XML.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16LE\"").getBytes(StandardCharsets.UTF_16LE)),
                "EEG-XML-ENCODING");
        byte[] lower = VALID_XML.replace("encoding=\"UTF-8\"", "encoding=\"utf-8\"").getBytes(StandardCharsets.UTF_8);
        assertThat(CATALOGUE.decodeXml(lower)).isInstanceOf(Decoded.Valid.class);
    }

    @Test
    void emptyAndOversizedXmlBodiesAreRejectedBeforeParsing() {
        assertRejected(CATALOGUE.decodeXml(new byte[0]), "EEG-XML-EMPTY");
        assertRejected(CATALOGUE.decodeXml(null), "EEG-XML-EMPTY");
        byte[] big = new byte[9 * 1024 * 1024];
        assertRejected(CATALOGUE.decodeXml(big), "EEG-XML-LIMIT");
    }

    @Test
    void externalEntityOverTheNetworkIsNeverFetched() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                try {
                    server.accept().close();
                    connections.incrementAndGet();
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x";
            assertRejected(CATALOGUE.decodeXml(withDoctype("<!DOCTYPE envelope SYSTEM \"" + url + "\">", "x").getBytes(StandardCharsets.UTF_8)), "EEG-XML-DOCTYPE");
            assertRejected(CATALOGUE.decodeXml(VALID_XML.replace(BODY, "<envelope xmlns=\"urn:eevidence:gateway:messages:v1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:eevidence:gateway:messages:v1 " + url + "\">").getBytes(StandardCharsets.UTF_8)), "EEG-XML-SCHEMA");
        }
        assertThat(connections.get()).isZero();
    }

    static Stream<Arguments> hostileJson() {
        return Stream.of(
                arguments("deep nesting", VALID_JSON.replace("\"reason\":", "\"x\": " + "[".repeat(1000) + "]".repeat(1000) + ", \"reason\":"), "EEG-JSON-LIMIT"),
                arguments("huge string", VALID_JSON.replace("The suspect has been identified by other means.", "a".repeat(200_000)), "EEG-JSON-LIMIT"),
                arguments("oversized field", VALID_JSON.replace("The suspect has been identified by other means.", "a".repeat(5000)), "EEG-VAL-TEXT"),
                arguments("raw control character", VALID_JSON.replace("The suspect", "The\u0001suspect"), "EEG-JSON-MALFORMED"),
                arguments("escaped control character", VALID_JSON.replace("The suspect", "The\\u0001suspect"), "EEG-VAL-TEXT"),
                arguments("escaped lone surrogate", VALID_JSON.replace("The suspect", "The\\ud800suspect"), "EEG-VAL-TEXT"),
                arguments("duplicate key", VALID_JSON.replace("\"version\": \"1.0\",", "\"version\": \"1.0\", \"version\": \"1.1\","), "EEG-JSON-DUPLICATE-KEY"),
                arguments("duplicate key in body", VALID_JSON.replace("\"type\": \"WITHDRAWAL\",", "\"type\": \"WITHDRAWAL\", \"reason\": \"x\","), "EEG-JSON-DUPLICATE-KEY"),
                arguments("trailing content", VALID_JSON + " {}", "EEG-JSON-TRAILING-CONTENT"),
                arguments("unknown envelope field", VALID_JSON.replace("\"version\": \"1.0\",", "\"version\": \"1.0\", \"priority\": 1,"), "EEG-JSON-UNKNOWN-FIELD"),
                arguments("comment", VALID_JSON.replace("\"version\"", "/* c */ \"version\""), "EEG-JSON-MALFORMED"),
                arguments("XML sent as JSON", VALID_XML, "EEG-JSON-MALFORMED"),
                arguments("array at top", "[]", "EEG-JSON-TYPE"),
                arguments("huge number", VALID_JSON.replace("\"version\": \"1.0\",", "\"version\": 1" + "0".repeat(50) + ","), "EEG-JSON-LIMIT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileJson")
    void hostileJsonIsRejectedWithItsCode(String name, String json, String code) {
        Decoded result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> CATALOGUE.decodeJson(json.getBytes(StandardCharsets.UTF_8)));
        assertRejected(result, code);
    }

    @Test
    void invalidUtf8AndOversizedJsonBodiesAreRejected() {
        byte[] bytes = VALID_JSON.replace("The suspect", "Th\u00e9 suspect").getBytes(StandardCharsets.UTF_8);
        bytes[indexOf(bytes, (byte) 0xC3) + 1] = (byte) 0x41;
        assertRejected(CATALOGUE.decodeJson(bytes), "EEG-JSON-ENCODING");
        assertRejected(CATALOGUE.decodeJson(new byte[0]), "EEG-JSON-EMPTY");
        assertRejected(CATALOGUE.decodeJson(new byte[9 * 1024 * 1024]), "EEG-JSON-LIMIT");
    }

    @Test
    void decodingNeverThrowsOnRandomBytes() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            assertThatCode(() -> {
                assertThat(CATALOGUE.decodeXml(noise)).isInstanceOf(Decoded.Invalid.class);
                assertThat(CATALOGUE.decodeJson(noise)).isInstanceOf(Decoded.Invalid.class);
            }).doesNotThrowAnyException();
        }
    }

    private static void assertRejected(Decoded result, String code) {
        assertThat(result).isInstanceOf(Decoded.Invalid.class);
        var violations = ((Decoded.Invalid) result).violations();
        assertThat(violations).extracting(Violation::code).contains(code);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain("TOP-SECRET", "Exception", "xerces", "jackson", "at line"));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    @Test
    void schemaErrorsCarryTheSamePathAsJson() {
        String xml = new String(Corpus.read(Corpus.dir(MessageType.BUDAPEST_ART29_PRESERVATION).resolve("invalid-local-time.xml")), StandardCharsets.UTF_8);
        Decoded result = CATALOGUE.decodeXml(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(((Decoded.Invalid) result).violations()).extracting(Violation::path, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$.body.identifiers[1].observedAt", "EEG-XML-SCHEMA"));
        assertThat(((Decoded.Invalid) result).violations().get(0).message()).contains("zone offset");
    }
}
