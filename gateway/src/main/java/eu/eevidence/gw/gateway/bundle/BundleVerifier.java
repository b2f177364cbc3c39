package eu.eevidence.gw.gateway.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.WitnessPolicy;
import eu.eevidence.gw.pki.CmsFacts;
import eu.eevidence.gw.pki.CmsProfile;
import eu.eevidence.gw.pki.OpenedMessage;
import eu.eevidence.gw.pki.PkiException;
import eu.eevidence.gw.pki.SignerValidator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * {@code audit bundle verify}: checks a court bundle offline (ADR-0029) and gives a verdict per check, naming the part each
 * one concerns, so that a changed byte is reported with what it hit. Checks: the container (local headers and central
 * directory agree, every entry readable), {@code mimetype}, the manifest's CAdES signature and its chain to the trust
 * anchors given, the manifest's list against the files (extra, missing), every file's SHA-256, the checkpoint's signature,
 * its cosignatures (reported, not required), every record's commitment and inclusion proof ({@link CustodyChecks}), the
 * sealed request against its {@code REQUEST_SEALED} record, and every network evidence's CMS signature.
 */
public final class BundleVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENTRIES = 100_000;

    /** A check's outcome; INFO is neither a pass nor a failure (e.g. "cosignatures: none"). */
    public enum Verdict { PASS, FAIL, INFO }

    public record Check(Verdict verdict, String check, String part, String detail) {
        public String line() {
            return String.format("%-4s %-20s %s: %s", verdict, check, part, detail);
        }
    }

    /** All checks in order; valid when none failed and the container could be read. */
    public record Report(List<Check> checks) {
        public boolean valid() {
            return !checks.isEmpty() && checks.stream().noneMatch(c -> c.verdict() == Verdict.FAIL);
        }

        public List<Check> failures() {
            return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).toList();
        }
    }

    private final SignerValidator trust;
    private final NoteVerifierKey vkey;
    private final WitnessPolicy policy;
    private final CmsProfile cms;
    private final List<Check> checks = new ArrayList<>();
    private Map<String, byte[]> files = Map.of();

    /**
     * @param trust the trust anchors the node's and the peers' signing certificates must chain to
     * @param vkey  the node's custody verifier key as the auditor obtained it, or null to use the bundle's {@code vkey.txt}
     */
    public BundleVerifier(SignerValidator trust, NoteVerifierKey vkey, Clock clock) {
        this(trust, vkey, null, clock);
    }

    /**
     * @param policy the auditor's witness policy (ADR-0028): the checkpoint must be cosigned by at least its threshold of
     *               its witnesses; null to only list the cosignatures (INFO)
     */
    public BundleVerifier(SignerValidator trust, NoteVerifierKey vkey, WitnessPolicy policy, Clock clock) {
        this.trust = trust;
        this.vkey = vkey;
        this.policy = policy;
        this.cms = new CmsProfile(clock);
    }

    public Report verify(Path bundle) {
        checks.clear();
        if (!container(bundle)) {
            return new Report(List.copyOf(checks));
        }
        mimetype();
        byte[] manifest = files.get(CourtBundle.MANIFEST);
        if (manifest == null) {
            fail("manifest", CourtBundle.MANIFEST, "missing: nothing in the bundle is signed");
            return new Report(List.copyOf(checks));
        }
        signature(manifest);
        Set<String> verified = listing(manifest);
        new CustodyChecks(this, vkey, policy).run(files, verified);
        seals(verified);
        return new Report(List.copyOf(checks));
    }

    /**
     * {@code audit record --records}: checks an export of a request's records ({@code GET /api/v1/custody/requests/{id}}, the
     * bundle's {@code custody.json}) offline: the checkpoint it carries with {@code key}, its cosignatures, and every record's
     * commitment and inclusion proof.
     */
    public static Report verifyRecords(byte[] custodyJson, NoteVerifierKey key) {
        return verifyRecords(custodyJson, key, null);
    }

    /** {@link #verifyRecords(byte[], NoteVerifierKey)} with the auditor's witness policy (null: cosignatures listed only). */
    public static Report verifyRecords(byte[] custodyJson, NoteVerifierKey key, WitnessPolicy policy) {
        BundleVerifier v = new BundleVerifier(null, key, policy, Clock.systemUTC());
        String note;
        try {
            note = JSON.readTree(custodyJson).path("checkpoint").asText("");
        } catch (IOException e) {
            v.fail("records", CourtBundle.CUSTODY, "not JSON");
            return new Report(List.copyOf(v.checks));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(CourtBundle.CHECKPOINT, note.getBytes(StandardCharsets.UTF_8));
        files.put(CourtBundle.CUSTODY, custodyJson);
        new CustodyChecks(v, key, policy).run(files, files.keySet());
        return new Report(List.copyOf(v.checks));
    }

    // ------------------------------------------------------------------------------------ container

    private boolean container(Path bundle) {
        Map<String, byte[]> local = new LinkedHashMap<>();
        String current = "(start of file)";
        try (InputStream in = java.nio.file.Files.newInputStream(bundle); ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                current = e.getName();
                if (local.isEmpty() && !CourtBundle.MIMETYPE_FILE.equals(current)) {
                    fail("mimetype", current, "the first entry must be 'mimetype'");
                } else if (local.isEmpty() && e.getMethod() != ZipEntry.STORED) {
                    fail("mimetype", current, "must be stored, not compressed");
                }
                if (local.put(current, zip.readAllBytes()) != null) {
                    fail("container", current, "the name appears twice");
                }
                if (local.size() > MAX_ENTRIES) {
                    fail("container", current, "more than " + MAX_ENTRIES + " entries");
                    return false;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            fail("container", current, "unreadable: " + e.getMessage());
            return false;
        }
        Map<String, byte[]> central = new LinkedHashMap<>();
        current = "(central directory)";
        try (ZipFile z = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                current = e.getName();
                try (InputStream in = z.getInputStream(e)) {
                    central.put(current, in.readAllBytes());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            fail("container", current, "unreadable: " + e.getMessage());
            return false;
        }
        if (!central.keySet().equals(local.keySet())) {
            Set<String> diff = new LinkedHashSet<>(central.keySet());
            diff.removeAll(local.keySet());
            Set<String> other = new LinkedHashSet<>(local.keySet());
            other.removeAll(central.keySet());
            fail("container", "(central directory)", "the central directory names " + diff + " where the entries are " + other);
            return false;
        }
        for (Map.Entry<String, byte[]> e : local.entrySet()) {
            if (!MessageDigest.isEqual(e.getValue(), central.get(e.getKey()))) {
                fail("container", e.getKey(), "the central directory and the local header give different contents");
            }
        }
        files = local;
        pass("container", "(zip)", local.size() + " entries, readable, central directory consistent");
        return true;
    }

    private void mimetype() {
        byte[] m = files.get(CourtBundle.MIMETYPE_FILE);
        if (m == null) {
            fail("mimetype", CourtBundle.MIMETYPE_FILE, "missing");
        } else if (!CourtBundle.MIMETYPE.equals(new String(m, StandardCharsets.US_ASCII))) {
            fail("mimetype", CourtBundle.MIMETYPE_FILE, "is not " + CourtBundle.MIMETYPE);
        } else if (checks.stream().noneMatch(c -> c.check().equals("mimetype"))) {
            pass("mimetype", CourtBundle.MIMETYPE_FILE, CourtBundle.MIMETYPE + ", first and stored");
        }
    }

    // ------------------------------------------------------------------------------------ signature and manifest

    private void signature(byte[] manifest) {
        byte[] p7s = files.get(CourtBundle.SIGNATURE);
        if (p7s == null) {
            fail("manifest signature", CourtBundle.SIGNATURE, "missing");
            return;
        }
        if (manifestChanged(p7s, manifest)) {
            fail("manifest signature", CourtBundle.MANIFEST, "the manifest was changed after it was signed (its SHA-256 is not the one in "
                    + CourtBundle.SIGNATURE + ")");
            return;
        }
        try {
            OpenedMessage m = cms.verifyDetached(p7s, manifest, trust);
            pass("manifest signature", CourtBundle.SIGNATURE, "CAdES detached signature of " + CourtBundle.MANIFEST + " valid, signed by "
                    + m.signer().getSubjectX500Principal().getName() + " at " + m.signingTime() + ", chain to the trust anchor valid, level "
                    + level(p7s));
        } catch (PkiException e) {
            fail("manifest signature", CourtBundle.SIGNATURE, e.getMessage() + " (the signature was changed or replaced, or its signer is"
                    + " not trusted)");
        }
    }

    /** True when the signature is readable and its message-digest attribute is not the manifest's SHA-256. */
    private static boolean manifestChanged(byte[] p7s, byte[] manifest) {
        return CmsFacts.signedMessageDigest(p7s).map(d -> !MessageDigest.isEqual(d, BundleWriter.sha256().digest(manifest))).orElse(false);
    }

    /** CAdES-B-B, or B-T when the signer info carries a signature time-stamp (id-aa-signatureTimeStampToken). */
    static String level(byte[] signedData) {
        return CmsFacts.level(signedData);
    }

    /** The manifest against the files; returns the names whose digest matched. */
    private Set<String> listing(byte[] manifest) {
        AsicManifest.Parsed parsed;
        try {
            parsed = AsicManifest.parse(manifest);
        } catch (IllegalArgumentException e) {
            fail("manifest", CourtBundle.MANIFEST, e.getMessage());
            return Set.of();
        }
        if (!CourtBundle.SIGNATURE.equals(parsed.signatureUri())) {
            fail("manifest", CourtBundle.MANIFEST, "names the signature " + parsed.signatureUri() + ", not " + CourtBundle.SIGNATURE);
        }
        Set<String> listed = new LinkedHashSet<>();
        Set<String> ok = new LinkedHashSet<>();
        for (AsicManifest.Ref r : parsed.refs()) {
            listed.add(r.uri());
            byte[] content = files.get(r.uri());
            if (content == null) {
                fail("file missing", r.uri(), "listed in the signed manifest but not in the bundle");
            } else if (!MessageDigest.isEqual(BundleWriter.sha256().digest(content), r.sha256())) {
                fail("digest", r.uri(), "SHA-256 differs from the signed manifest: the file was changed");
            } else {
                ok.add(r.uri());
                pass("digest", r.uri(), "SHA-256 " + HexFormat.of().formatHex(r.sha256()) + " as signed");
            }
        }
        for (String name : files.keySet()) {
            if (!listed.contains(name) && !name.equals(CourtBundle.MIMETYPE_FILE) && !name.equals(CourtBundle.MANIFEST)
                    && !name.equals(CourtBundle.SIGNATURE)) {
                fail("extra file", name, "not listed in the signed manifest");
            }
        }
        return ok;
    }

    // ------------------------------------------------------------------------------------ CMS seals

    private void seals(Set<String> verified) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith(CourtBundle.NETWORK_EVIDENCES) && verified.contains(f.getKey())) {
                try {
                    OpenedMessage m = cms.verify(f.getValue(), trust);
                    pass("CMS seal", f.getKey(), "signed by " + m.signer().getSubjectX500Principal().getName() + " at " + m.signingTime()
                            + ", chain valid, " + level(f.getValue()));
                } catch (PkiException e) {
                    fail("CMS seal", f.getKey(), e.getMessage());
                }
            }
        }
        byte[] sealed = files.get(CourtBundle.SEALED);
        if (sealed != null && verified.contains(CourtBundle.SEALED)) {
            sealedRequest(sealed);
        }
    }

    private void sealedRequest(byte[] sealed) {
        String hex = HexFormat.of().formatHex(BundleWriter.sha256().digest(sealed));
        if (!CmsFacts.isAuthEnvelopedData(sealed)) {
            fail("CMS seal", CourtBundle.SEALED, "not a CMS AuthEnvelopedData");
            return;
        }
        String committed = sealedRecordHash();
        if (committed == null) {
            info("CMS seal", CourtBundle.SEALED, "AuthEnvelopedData, SHA-256 " + hex + "; no REQUEST_SEALED record to compare with; the"
                    + " signature inside is encrypted for the addressee and can only be checked by it");
        } else if (committed.equalsIgnoreCase(hex)) {
            pass("CMS seal", CourtBundle.SEALED, "AuthEnvelopedData whose SHA-256 is the one the custody log committed at REQUEST_SEALED;"
                    + " the node's signature inside is encrypted for the addressee");
        } else {
            fail("CMS seal", CourtBundle.SEALED, "SHA-256 " + hex + " is not the one committed at REQUEST_SEALED (" + committed + ")");
        }
    }

    private String sealedRecordHash() {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith(CourtBundle.RECORDS)) {
                continue;
            }
            try {
                JsonNode exported = JSON.readTree(f.getValue());
                JsonNode record = JSON.readTree(exported.path("record").asText());
                if ("REQUEST_SEALED".equals(record.path("event").asText())) {
                    return record.path("messageSha256").asText(null);
                }
            } catch (IOException e) {
                // reported by the custody checks
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------ verdicts

    void pass(String check, String part, String detail) {
        checks.add(new Check(Verdict.PASS, check, part, detail));
    }

    void fail(String check, String part, String detail) {
        checks.add(new Check(Verdict.FAIL, check, part, detail));
    }

    void info(String check, String part, String detail) {
        checks.add(new Check(Verdict.INFO, check, part, detail));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
