package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.gateway.custody.RequestCustody;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The custody files of a bundle, under the names of the auditor's earlier offline zip (issue 16): {@code vkey.txt},
 * {@code checkpoint.txt} (the latest signed checkpoint, with any cosignature lines), {@code custody.json} (records,
 * salts, entries and inclusion proofs), {@code records/<index>.json} and, when given, {@code custody-log.zip}.
 */
final class CustodyPart {

    /** Writes the log archive at the snapshot's checkpoint. */
    @FunctionalInterface
    interface Archive {
        void write(OutputStream out) throws CustodyException;
    }

    private CustodyPart() {
    }

    static int write(BundleWriter w, RequestCustody.Snapshot s, Archive archive) throws IOException, CustodyException {
        w.add(CourtBundle.VKEY, "text/plain", (s.key().encode() + "\n").getBytes(StandardCharsets.UTF_8));
        w.add(CourtBundle.CHECKPOINT, "text/plain", s.note().getBytes(StandardCharsets.UTF_8));
        w.add(CourtBundle.CUSTODY, "application/json", BundleAssembler.JSON.writeValueAsBytes(RequestCustody.view(s)));
        int n = 3;
        for (RequestCustody.Proven p : s.records()) {
            w.add(CourtBundle.RECORDS + p.record().index() + ".json", "application/json", p.record().toJson().getBytes(StandardCharsets.UTF_8));
            n++;
        }
        if (archive != null) {
            try (OutputStream o = w.open(CourtBundle.LOG_ARCHIVE, "application/zip")) {
                archive.write(new FilterOutputStream(o) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        o.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush(); // the archive's own zip ends here; the bundle's entry is closed by its writer
                    }
                });
            }
            n++;
        }
        return n;
    }
}
