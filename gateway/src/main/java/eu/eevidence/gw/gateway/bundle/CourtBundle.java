package eu.eevidence.gw.gateway.bundle;

/**
 * The court bundle's layout (ADR-0029, docs/design/court-bundle.md): a ZIP in the spirit of ASiC-E with CAdES
 * (ETSI EN 319 162-1). The names below are the contract between the node that writes a bundle and
 * {@code audit bundle verify}; the custody part keeps the names of the auditor's earlier offline zip (issue 16) at the
 * root, so {@code audit verify|record} run on it unchanged.
 */
public final class CourtBundle {

    public static final String MIMETYPE = "application/vnd.etsi.asic-e+zip";
    public static final String MIMETYPE_FILE = "mimetype";
    public static final String MANIFEST = "META-INF/ASiCManifest.xml";
    public static final String SIGNATURE = "META-INF/signature.p7s";

    public static final String README = "README.txt";
    public static final String SUMMARY = "summary.pdf";
    public static final String STATUS = "request/status.json";
    public static final String SUBMITTED = "request/submitted.json";
    public static final String SEALED = "request/sealed.p7m";
    public static final String TIMELINE = "request/timeline.json";
    public static final String RECEIPT = "receipts/receipt.bin";
    public static final String NETWORK_EVIDENCES = "network-evidences/";
    public static final String ANSWERS = "answers/";
    public static final String EVIDENCE_MANIFEST = "evidence/manifest.json";
    public static final String EVIDENCE_ITEMS = "evidence/items/";
    public static final String VKEY = "vkey.txt";
    public static final String CHECKPOINT = "checkpoint.txt";
    public static final String CUSTODY = "custody.json";
    public static final String RECORDS = "records/";
    public static final String LOG_ARCHIVE = "custody-log.zip";

    private CourtBundle() {
    }

    /** Names are relative, slash-separated, without {@code ..}, backslashes or control characters, and not under META-INF. */
    static void checkName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\") || name.startsWith("META-INF/")
                || name.equals(MIMETYPE_FILE) || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("not a bundle file name: " + name);
        }
    }

    /** A safe file name component from an id (letters, digits, dot, dash, underscore). */
    public static String safe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
