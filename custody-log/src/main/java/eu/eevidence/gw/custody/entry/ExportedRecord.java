package eu.eevidence.gw.custody.entry;

import eu.eevidence.gw.custody.CustodyError;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.Uint64;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event record exported for an auditor, with the salt that opens its commitment:
 *
 * <pre>
 * {"format":"eeg-custody-record/1","origin":"...","index":42,"salt":"base64 32 bytes","record":"the canonical record text"}
 * </pre>
 *
 * The record text is the exact UTF-8 string the gateway committed to; the auditor checks that
 * {@code SHA-256(salt || UTF-8(record))} equals the commitment of entry {@code index} and that the entry is in the
 * signed log. A flat JSON object; unknown or duplicate members are rejected.
 */
public record ExportedRecord(String origin, long index, byte[] salt, String record) {

    public static final String FORMAT = "eeg-custody-record/1";

    public ExportedRecord {
        salt = salt.clone();
    }

    public byte[] commitment() {
        return CustodyEntry.commit(salt, record.getBytes(StandardCharsets.UTF_8));
    }

    public String toJson() {
        return "{\"format\":" + quote(FORMAT) + ",\"origin\":" + quote(origin) + ",\"index\":" + index + ",\"salt\":"
                + quote(Base64.getEncoder().encodeToString(salt)) + ",\"record\":" + quote(record) + "}\n";
    }

    public static ExportedRecord parse(String json) throws CustodyException {
        Map<String, Object> m = FlatJson.parse(json);
        if (!m.keySet().equals(java.util.Set.of("format", "origin", "index", "salt", "record"))) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "an exported record has exactly format, origin, index, salt, record");
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "unknown exported record format " + m.get("format"));
        }
        if (!(m.get("origin") instanceof String origin) || !(m.get("salt") instanceof String salt) || !(m.get("record") instanceof String record)
                || !(m.get("index") instanceof String index)) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "exported record members have the wrong types");
        }
        byte[] s;
        try {
            s = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "salt is not base64");
        }
        if (s.length < 16) {
            throw new CustodyException(CustodyError.ENTRY_MALFORMED, "salt shorter than 16 bytes");
        }
        return new ExportedRecord(origin, Uint64.parse(index, "record index"), s, record);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A strict parser for one flat JSON object of strings and unsigned integers (integers kept as their text). */
    static final class FlatJson {
        private final String s;
        private int p;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, Object> parse(String s) throws CustodyException {
            if (s == null || s.length() > (1 << 20)) {
                throw new CustodyException(CustodyError.ENTRY_MALFORMED, "exported record missing or larger than 1 MiB");
            }
            FlatJson j = new FlatJson(s);
            Map<String, Object> m = new LinkedHashMap<>();
            j.ws();
            j.expect('{');
            j.ws();
            if (j.peek() == '}') {
                j.p++;
            } else {
                while (true) {
                    j.ws();
                    String k = j.string();
                    j.ws();
                    j.expect(':');
                    j.ws();
                    Object v = j.peek() == '"' ? j.string() : j.number();
                    if (m.put(k, v) != null) {
                        throw new CustodyException(CustodyError.ENTRY_MALFORMED, "duplicate member " + k);
                    }
                    j.ws();
                    char c = j.next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw j.bad();
                    }
                }
            }
            j.ws();
            if (j.p != s.length()) {
                throw new CustodyException(CustodyError.ENTRY_MALFORMED, "trailing content after the JSON object");
            }
            return m;
        }

        private void ws() {
            while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\n' || s.charAt(p) == '\r' || s.charAt(p) == '\t')) {
                p++;
            }
        }

        private char peek() throws CustodyException {
            if (p >= s.length()) {
                throw bad();
            }
            return s.charAt(p);
        }

        private char next() throws CustodyException {
            char c = peek();
            p++;
            return c;
        }

        private void expect(char c) throws CustodyException {
            if (next() != c) {
                throw bad();
            }
        }

        private String number() throws CustodyException {
            int start = p;
            while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                p++;
            }
            if (p == start) {
                throw bad();
            }
            return s.substring(start, p);
        }

        private String string() throws CustodyException {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw bad();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (p + 4 > s.length()) {
                            throw bad();
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                        } catch (NumberFormatException x) {
                            throw bad();
                        }
                        p += 4;
                    }
                    default -> throw bad();
                }
            }
        }

        private CustodyException bad() {
            return new CustodyException(CustodyError.ENTRY_MALFORMED, "malformed JSON at character " + p);
        }
    }
}
