package eu.eevidence.gw.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.JsonCodec;
import eu.eevidence.gw.schema.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Negative cases first: every way an Art. 29 request can be wrong gets its own code and path. */
class PreservationRequestDecodingTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Arguments> invalidMutations() {
        return Stream.of(
                arguments("missing authority", mutate(o -> o.remove("requestingAuthority")), "$.requestingAuthority", "EEG-VAL-REQUIRED"),
                arguments("blank authority name", mutate(o -> obj(o, "requestingAuthority").put("name", "  ")), "$.requestingAuthority.name", "EEG-VAL-REQUIRED"),
                arguments("unknown country", mutate(o -> o.put("requestedParty", "XX")), "$.requestedParty", "EEG-VAL-COUNTRY"),
                arguments("lower-case country", mutate(o -> obj(o, "requestingAuthority").put("country", "fr")), "$.requestingAuthority.country", "EEG-VAL-COUNTRY"),
                arguments("bad e-mail", mutate(o -> obj(o, "requestingAuthority").put("contactEmail", "not-an-email")), "$.requestingAuthority.contactEmail", "EEG-VAL-EMAIL"),
                arguments("bad phone", mutate(o -> obj(o, "requestingAuthority").put("contactPhone", "0140972000")), "$.requestingAuthority.contactPhone", "EEG-VAL-PHONE"),
                arguments("missing offence", mutate(o -> o.remove("offence")), "$.offence", "EEG-VAL-REQUIRED"),
                arguments("missing facts", mutate(o -> obj(o, "offence").remove("summaryOfFacts")), "$.offence.summaryOfFacts", "EEG-VAL-REQUIRED"),
                arguments("missing data description", mutate(o -> obj(o, "dataToPreserve").remove("description")), "$.dataToPreserve.description", "EEG-VAL-REQUIRED"),
                arguments("no categories", mutate(o -> obj(o, "dataToPreserve").putArray("categories")), "$.dataToPreserve.categories", "EEG-VAL-REQUIRED"),
                arguments("missing relation to offence", mutate(o -> obj(o, "dataToPreserve").remove("relationToOffence")), "$.dataToPreserve.relationToOffence", "EEG-VAL-REQUIRED"),
                arguments("reversed time range", mutate(o -> obj(obj(o, "dataToPreserve"), "timeRange").put("to", "2026-10-01T00:00:00Z")), "$.dataToPreserve.timeRange.ordered", "EEG-VAL-TIME-RANGE"),
                arguments("missing custodian", mutate(o -> o.remove("custodian")), "$.custodian", "EEG-VAL-REQUIRED"),
                arguments("bad platform id", mutate(o -> obj(o, "custodian").put("platformId", "Demo Platform")), "$.custodian.platformId", "EEG-VAL-PLATFORM-ID"),
                arguments("no identifiers", mutate(o -> o.putArray("identifiers")), "$.identifiers", "EEG-VAL-REQUIRED"),
                arguments("null identifier", mutate(o -> ((ArrayNode) o.get("identifiers")).addNull()), "$.identifiers[2]", "EEG-VAL-REQUIRED"),
                arguments("display name as account id", mutate(o -> ident(o, 0).put("value", "Jane Doe")), "$.identifiers[0].value", "EEG-VAL-IDENTIFIER"),
                arguments("bad IPv4", mutate(o -> ident(o, 1).put("value", "203.0.113.300")), "$.identifiers[1].value", "EEG-VAL-IDENTIFIER"),
                arguments("IP without time", mutate(o -> ident(o, 1).remove("observedAt")), "$.identifiers[1].observedAt", "EEG-VAL-IDENTIFIER-OBSERVED-AT"),
                arguments("port on account id", mutate(o -> ident(o, 0).put("port", 80)), "$.identifiers[0].port", "EEG-VAL-IDENTIFIER-PORT"),
                arguments("port out of range", mutate(o -> ident(o, 1).put("port", 70000)), "$.identifiers[1].port", "EEG-VAL-PORT"),
                arguments("missing necessity", mutate(o -> o.remove("necessity")), "$.necessity", "EEG-VAL-REQUIRED"),
                arguments("no MLA intent", mutate(o -> obj(o, "mutualAssistanceIntent").put("intended", false)), "$.mutualAssistanceIntent.intended", "EEG-VAL-ART29-MLA-INTENT"),
                arguments("missing MLA intent", mutate(o -> o.remove("mutualAssistanceIntent")), "$.mutualAssistanceIntent", "EEG-VAL-REQUIRED"),
                arguments("59 days", mutate(o -> o.put("preservationDays", 59)), "$.preservationDays", "EEG-VAL-ART29-MIN-PERIOD"),
                arguments("ten years and a day", mutate(o -> o.put("preservationDays", 3651)), "$.preservationDays", "EEG-VAL-PERIOD-MAX"),
                arguments("bidi override in facts", mutate(o -> obj(o, "offence").put("summaryOfFacts", "abc\u202Edef")), "$.offence.summaryOfFacts", "EEG-VAL-TEXT"),
                arguments("NUL in name", mutate(o -> obj(o, "requestingAuthority").put("name", "a\u0000b")), "$.requestingAuthority.name", "EEG-VAL-TEXT"),
                arguments("lone surrogate", mutate(o -> o.put("necessity", "x\uD800y")), "$.necessity", "EEG-VAL-TEXT"),
                arguments("bad client reference", mutate(o -> o.put("clientRequestId", "ref with spaces")), "$.clientRequestId", "EEG-VAL-REFERENCE"),
                // structure
                arguments("server-owned field", mutate(o -> o.put("status", "PRESERVED")), "$.status", "EEG-JSON-UNKNOWN-FIELD"),
                arguments("unknown nested field", mutate(o -> obj(o, "offence").put("severity", "high")), "$.offence.severity", "EEG-JSON-UNKNOWN-FIELD"),
                arguments("unknown message type", mutate(o -> o.put("type", "TELEPATHY")), "$.type", "EEG-JSON-UNKNOWN-MESSAGE-TYPE"),
                arguments("missing type", mutate(o -> o.remove("type")), "$.type", "EEG-VAL-REQUIRED"),
                arguments("timestamp without offset", mutate(o -> ident(o, 1).put("observedAt", "2026-11-21T22:14:05")), "$.identifiers[1].observedAt", "EEG-JSON-TIMESTAMP"),
                arguments("days as string", mutate(o -> o.put("preservationDays", "90")), "$.preservationDays", "EEG-JSON-TYPE"),
                arguments("unknown category", mutate(o -> ((ArrayNode) obj(o, "dataToPreserve").get("categories")).add("DNA")), "$.dataToPreserve.categories[3]", "EEG-JSON-TYPE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMutations")
    void rejectsWithPathAndCode(String name, byte[] body, String path, String code) {
        DecodeResult result = CODEC.decodeRequest(body);
        assertThat(result).isInstanceOf(DecodeResult.Invalid.class);
        assertThat(((DecodeResult.Invalid) result).violations())
                .extracting(Violation::path, Violation::code)
                .contains(org.assertj.core.groups.Tuple.tuple(path, code));
        // no exception text or class names leak into messages
        assertThat(((DecodeResult.Invalid) result).violations())
                .allSatisfy(v -> assertThat(v.message()).doesNotContain("Exception", "jackson", "eu.eevidence"));
    }

    static Stream<Arguments> malformedBodies() {
        String valid = new String(Fixtures.bytes("valid/art29-preservation.json"), StandardCharsets.UTF_8);
        return Stream.of(
                arguments("empty", new byte[0], "EEG-JSON-EMPTY"),
                arguments("not json", "hello".getBytes(StandardCharsets.UTF_8), "EEG-JSON-MALFORMED"),
                arguments("truncated", valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8), "EEG-JSON-MALFORMED"),
                arguments("trailing garbage", (valid + " {}").getBytes(StandardCharsets.UTF_8), "EEG-JSON-TRAILING-CONTENT"),
                arguments("duplicate key", valid.replaceFirst("\"requestedParty\": \"IE\",", "\"requestedParty\": \"IE\", \"requestedParty\": \"FR\",").getBytes(StandardCharsets.UTF_8), "EEG-JSON-DUPLICATE-KEY"),
                arguments("deep nesting", ("{\"offence\":" + "[".repeat(1000) + "]".repeat(1000) + ",\"type\":\"BUDAPEST_ART29_PRESERVATION\"}").getBytes(StandardCharsets.UTF_8), "EEG-JSON-LIMIT"),
                arguments("huge string", ("{\"type\":\"BUDAPEST_ART29_PRESERVATION\",\"necessity\":\"" + "a".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8), "EEG-JSON-LIMIT"),
                arguments("invalid UTF-8", invalidUtf8(valid), "EEG-JSON-ENCODING"),
                arguments("overlong '/' (C0 AF)", replaceFirstAscii(valid, '/', 0xC0, 0xAF), "EEG-JSON-ENCODING"),
                arguments("overlong '/' (E0 80 AF)", replaceFirstAscii(valid, '/', 0xE0, 0x80, 0xAF), "EEG-JSON-ENCODING"),
                arguments("encoded surrogate (ED A0 80)", replaceFirstAscii(valid, '/', 0xED, 0xA0, 0x80), "EEG-JSON-ENCODING"),
                arguments("above U+10FFFF (F4 90 80 80)", replaceFirstAscii(valid, '/', 0xF4, 0x90, 0x80, 0x80), "EEG-JSON-ENCODING"),
                arguments("truncated sequence (E2 82 of a euro sign)", replaceFirstAscii(valid, '/', 0xE2, 0x82), "EEG-JSON-ENCODING"),
                arguments("UTF-8 byte order mark", withBom(valid), "EEG-JSON-ENCODING"),
                arguments("UTF-16LE without BOM (Jackson would read it)", valid.getBytes(StandardCharsets.UTF_16LE), "EEG-JSON-ENCODING"),
                arguments("UTF-16BE without BOM", valid.getBytes(StandardCharsets.UTF_16BE), "EEG-JSON-ENCODING"),
                arguments("UTF-32BE", valid.getBytes(java.nio.charset.Charset.forName("UTF-32BE")), "EEG-JSON-ENCODING"),
                arguments("days fractional", valid.replace("\"preservationDays\": 90", "\"preservationDays\": 90.5").getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                arguments("days with exponent", valid.replace("\"preservationDays\": 90", "\"preservationDays\": 9E1").getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                arguments("days as 90.0", valid.replace("\"preservationDays\": 90", "\"preservationDays\": 90.0").getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                arguments("days as boolean", valid.replace("\"preservationDays\": 90", "\"preservationDays\": true").getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                arguments("number for a string", valid.replace("\"requestedParty\": \"IE\"", "\"requestedParty\": 353").getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                arguments("array at top", "[]".getBytes(StandardCharsets.UTF_8), "EEG-JSON-TYPE"),
                arguments("null at top", "null".getBytes(StandardCharsets.UTF_8), "EEG-JSON-EMPTY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void rejectsMalformedBodiesAsSyntaxErrors(String name, byte[] body, String code) {
        DecodeResult result = CODEC.decodeRequest(body);
        assertThat(result).isInstanceOf(DecodeResult.Invalid.class);
        DecodeResult.Invalid invalid = (DecodeResult.Invalid) result;
        assertThat(invalid.violations()).extracting(Violation::code).contains(code);
    }

    @Test
    void acceptsTheValidSampleAndAppliesTheLegalFloor() {
        DecodeResult result = CODEC.decodeRequest(Fixtures.bytes("valid/art29-preservation.json"));
        assertThat(result).isInstanceOf(DecodeResult.Valid.class);
        PreservationRequest request = (PreservationRequest) ((DecodeResult.Valid) result).request();
        assertThat(request.platformId()).isEqualTo("demo-platform");
        assertThat(request.effectivePreservationDays()).isEqualTo(90);
        assertThat(request.identifiers()).hasSize(2);
        assertThat(request.identifiers().get(1).observedAt().getOffset().getTotalSeconds()).isEqualTo(3600);
    }

    @Test
    void defaultsThePeriodToSixtyDays() {
        byte[] body = mutate(o -> o.remove("preservationDays"));
        PreservationRequest request = (PreservationRequest) ((DecodeResult.Valid) CODEC.decodeRequest(body)).request();
        assertThat(request.effectivePreservationDays()).isEqualTo(60);
    }

    @Test
    void roundTripsThroughCanonicalJsonByteForByte() {
        EvidenceRequest first = ((DecodeResult.Valid) CODEC.decodeRequest(Fixtures.bytes("valid/art29-preservation.json"))).request();
        byte[] canonical = CODEC.canonical(first);
        EvidenceRequest second = ((DecodeResult.Valid) CODEC.decodeRequest(canonical)).request();
        assertThat(second).isEqualTo(first);
        assertThat(CODEC.canonical(second)).isEqualTo(canonical);
        // keys sorted, offsets kept as sent
        String text = new String(canonical, StandardCharsets.UTF_8);
        assertThat(text.indexOf("\"clientRequestId\"")).isLessThan(text.indexOf("\"custodian\""));
        assertThat(text).contains("2026-11-21T22:14:05+01:00");
    }

    @Test
    void canonicalFormIsIndependentOfInputKeyOrder() throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(Fixtures.bytes("valid/art29-preservation.json"));
        ObjectNode reversed = JsonNodeFactory.instance.objectNode();
        var names = new java.util.ArrayList<String>();
        tree.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.set(n, tree.get(n)));
        byte[] a = CODEC.canonical(((DecodeResult.Valid) CODEC.decodeRequest(MAPPER.writeValueAsBytes(tree))).request());
        byte[] b = CODEC.canonical(((DecodeResult.Valid) CODEC.decodeRequest(MAPPER.writeValueAsBytes(reversed))).request());
        assertThat(a).isEqualTo(b);
    }

    /** The body with the first occurrence of ASCII {@code c} replaced by the given bytes. */
    private static byte[] replaceFirstAscii(String valid, char c, int... replacement) {
        byte[] b = valid.getBytes(StandardCharsets.UTF_8);
        int at = valid.indexOf(c);
        assertThat(at).isNotNegative();
        byte[] out = new byte[b.length - 1 + replacement.length];
        System.arraycopy(b, 0, out, 0, at);
        for (int k = 0; k < replacement.length; k++) {
            out[at + k] = (byte) replacement[k];
        }
        System.arraycopy(b, at + 1, out, at + replacement.length, b.length - at - 1);
        return out;
    }

    private static byte[] withBom(String valid) {
        byte[] b = valid.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(b, 0, out, 3, b.length);
        return out;
    }

    private static byte[] invalidUtf8(String valid) {
        byte[] base = valid.replace("Non-consensual", "Non-consensuaX").getBytes(StandardCharsets.UTF_8);
        byte[] out = base.clone();
        int i = valid.indexOf("consensuaX") + "consensua".length();
        out[i] = (byte) 0xC3; // start of a 2-byte sequence followed by ASCII: invalid
        return out;
    }

    private static ObjectNode obj(ObjectNode parent, String field) {
        return (ObjectNode) parent.get(field);
    }

    private static ObjectNode ident(ObjectNode root, int i) {
        return (ObjectNode) root.get("identifiers").get(i);
    }

    static byte[] mutate(Consumer<ObjectNode> change) {
        try {
            JsonNode tree = MAPPER.readTree(Fixtures.bytes("valid/art29-preservation.json"));
            change.accept((ObjectNode) tree);
            return MAPPER.writeValueAsBytes(tree);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
