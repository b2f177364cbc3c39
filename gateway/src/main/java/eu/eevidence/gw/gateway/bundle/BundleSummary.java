package eu.eevidence.gw.gateway.bundle;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.paper.LegalPaperPdf;
import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.SignedNote;
import eu.eevidence.gw.gateway.custody.RequestCustody;
import eu.eevidence.gw.gateway.network.ReceiptInbox;
import eu.eevidence.gw.gateway.order.TimelineEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundle's {@code summary.pdf}: what happened when, who signed what, which checks the node ran when it made the
 * bundle, and how to check it. Rendered with the project's legal-paper PDF writer (PDFBox, deterministic). The PDF is
 * a reading aid; the signed files are the evidence.
 */
final class BundleSummary {

    private BundleSummary() {
    }

    static byte[] pdf(BundleAssembler.Gathered g, BundleAssembler.Audience who, String signerSubject) throws IOException {
        List<DeliveryRequest.LegalPaper.Section> s = new ArrayList<>();
        s.add(new DeliveryRequest.LegalPaper.Section("The request", request(g, who)));
        s.add(new DeliveryRequest.LegalPaper.Section("What happened when", timeline(g.timeline())));
        s.add(new DeliveryRequest.LegalPaper.Section("Who signed what", signatures(g, signerSubject)));
        s.add(new DeliveryRequest.LegalPaper.Section("Checks the node ran when it made this bundle", checks(g.custody())));
        s.add(new DeliveryRequest.LegalPaper.Section("How to check this bundle yourself",
                "java -jar evidence-gateway.jar audit bundle verify --trust ca.pem <this file>\n"
                        + "It checks, offline, the manifest's signature and its chain to the trust anchor you give, the SHA-256 of every"
                        + " file, the checkpoint's signature, each custody record's inclusion proof and the CMS seals, and prints one"
                        + " verdict per check. Exit code 0 means every check passed."));
        return LegalPaperPdf.render(new DeliveryRequest.LegalPaper("Court bundle: custody of a request", s), g.request().id());
    }

    private static String request(BundleAssembler.Gathered g, BundleAssembler.Audience who) {
        var r = g.request();
        return "Request " + r.id() + " (" + r.messageType() + ") to platform " + r.platformId()
                + (r.requestedParty() == null ? "" : ", requested party " + r.requestedParty()) + ".\n"
                + "Received " + r.receivedAt() + "; state " + r.state() + " since " + r.updatedAt() + ".\n"
                + "As submitted: SHA-256 " + r.bodySha256() + (who.submitted() == null ? " (content not included: purged)"
                        : who.redacted() ? " (included redacted: the victims' and other sensitive fields are hidden from this reader)"
                        : " (included in full)") + ".\n"
                + "As sealed (signed by the node, encrypted for the addressee): SHA-256 " + r.sealedSha256() + ".";
    }

    private static String timeline(List<TimelineEvent> events) {
        StringBuilder b = new StringBuilder();
        for (TimelineEvent e : events) {
            b.append(e.occurredAt()).append("  ").append(e.event());
            if (e.from() != null || e.to() != null) {
                b.append("  ").append(e.from() == null ? "" : e.from()).append(" -> ").append(e.to() == null ? "" : e.to());
            }
            b.append("  by ").append(e.actor() == null ? "node" : e.actor()).append('\n');
        }
        return b.isEmpty() ? "(no events)" : b.toString().strip();
    }

    private static String signatures(BundleAssembler.Gathered g, String signerSubject) {
        StringBuilder b = new StringBuilder("This bundle's manifest: signed by " + signerSubject
                + " (detached CAdES, META-INF/signature.p7s).\nThe request: sealed by the node (CMS SignedData in AuthEnvelopedData),"
                + " request/sealed.p7m.\n");
        for (ReceiptInbox.Stored e : g.evidences()) {
            b.append("Network evidence ").append(e.evidence()).append(": signed by node ").append(e.peerNodeId()).append(" at ")
                    .append(e.issuedAt()).append(", receipt ").append(e.receiptId()).append(".\n");
        }
        for (BundleStore.Answer a : g.answers()) {
            b.append("Answer ").append(a.messageType()).append(" ").append(a.messageId()).append(": from the certificate with SHA-256 ")
                    .append(a.senderFingerprint()).append(", received ").append(a.receivedAt()).append(", body SHA-256 ")
                    .append(a.bodySha256()).append(".\n");
        }
        b.append("Custody checkpoint: signed by the node's log key ").append(g.custody().key().name()).append('.');
        return b.toString();
    }

    private static String checks(RequestCustody.Snapshot c) {
        String cosignatures;
        try {
            long n = SignedNote.parse(c.note()).signatures().stream().filter(s -> !s.name().equals(c.key().name())).count();
            cosignatures = n == 0 ? "none" : n + " cosignature line(s)";
        } catch (CustodyException e) {
            cosignatures = "unreadable";
        }
        return "Checkpoint of log " + c.checkpoint().origin() + " at size " + c.checkpoint().size() + ": signature valid.\n"
                + "Cosignatures: " + cosignatures + ".\n"
                + c.records().size() + " custody record(s) of the request, each committed by its log entry and included in the signed"
                + " tree: " + (c.nodeChecked() ? "passed" : "FAILED") + ".\n"
                + (c.pending() == 0 ? "" : c.pending() + " record(s) not yet in the signed tree.\n")
                + "The node's signature of the bundle is checked by the reader (audit bundle verify), not by the node.";
    }
}
