package eu.eevidence.gw.gateway.api;

import eu.eevidence.gw.schema.catalogue.MessageCatalogue;
import eu.eevidence.gw.schema.codec.DecodeResult;
import eu.eevidence.gw.schema.codec.Decoded;
import eu.eevidence.gw.schema.codec.JsonCodec;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a stored submission back into the model (bare JSON request, JSON envelope or XML envelope) and writes it as JSON. */
final class ContentView {

    private static final MessageCatalogue CATALOGUE = new MessageCatalogue();
    private static final JsonCodec CODEC = new JsonCodec();

    private ContentView() {
    }

    static Record decode(byte[] stored) {
        int i = 0;
        while (i < stored.length && Character.isWhitespace(stored[i])) {
            i++;
        }
        if (i < stored.length && stored[i] == '<') {
            return CATALOGUE.decodeXml(stored) instanceof Decoded.Valid v ? v.envelope() : null;
        }
        String text = new String(stored, StandardCharsets.UTF_8);
        if (text.contains("\"messageId\"") && text.contains("\"body\"")) {
            Decoded d = CATALOGUE.decodeJson(stored);
            if (d instanceof Decoded.Valid v) {
                return v.envelope();
            }
        }
        DecodeResult r = CODEC.decodeRequest(stored);
        return r instanceof DecodeResult.Valid v ? (Record) v.request() : null;
    }

    static String json(Record message) {
        try {
            return new String(JsonCodec.canonicalMapper().writeValueAsBytes(message), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
