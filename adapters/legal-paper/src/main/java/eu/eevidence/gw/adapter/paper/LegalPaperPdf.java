package eu.eevidence.gw.adapter.paper;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link DeliveryRequest.LegalPaper} as a plain A4 PDF (Apache PDFBox): title, the request id, then each
 * section's heading and text, wrapped and paginated, with page numbers. Deterministic: the same paper and request id
 * give the same bytes (document id derived from the content, no creation date), so a retried upload carries the
 * same SHA-256. Shared by the json-portal upload and the gateway's manual hand-off package. Characters the
 * standard Helvetica font cannot show (outside WinAnsi) are replaced with '?'; the
 * sealed CMS remains the authoritative text.
 */
public final class LegalPaperPdf {

    private static final float MARGIN = 56;
    private static final float BODY = 10.5f;
    private static final float LEADING = 14;

    private LegalPaperPdf() {
    }

    public static byte[] render(DeliveryRequest.LegalPaper paper, String requestId) throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument()) {
            doc.setDocumentId(seed(paper, requestId));
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(printable(regular, paper.title()));
            info.setSubject("Request " + printable(regular, requestId));
            info.setProducer("evidence-gateway");
            List<Line> lines = new ArrayList<>();
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            wrap(lines, bold, 15, printable(bold, paper.title()), width);
            wrap(lines, regular, BODY, "Request " + printable(regular, requestId), width);
            lines.add(Line.BLANK);
            for (DeliveryRequest.LegalPaper.Section s : paper.sections()) {
                wrap(lines, bold, 12, printable(bold, s.heading()), width);
                for (String para : s.text().split("\\R", -1)) {
                    wrap(lines, regular, BODY, printable(regular, para), width);
                }
                lines.add(Line.BLANK);
            }
            write(doc, lines, regular);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private record Line(PDType1Font font, float size, String text) {
        static final Line BLANK = new Line(null, BODY, "");
    }

    private static void write(PDDocument doc, List<Line> lines, PDType1Font footerFont) throws IOException {
        float top = PDRectangle.A4.getHeight() - MARGIN;
        int page = 0;
        int i = 0;
        List<PDPage> pages = new ArrayList<>();
        do {
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            pages.add(p);
            page++;
            try (PDPageContentStream cs = new PDPageContentStream(doc, p)) {
                float y = top;
                while (i < lines.size() && y - lines.get(i).size() > MARGIN + 20) {
                    Line l = lines.get(i++);
                    y -= l.font() == null ? LEADING / 2 : Math.max(LEADING, l.size() + 4);
                    if (l.font() != null && !l.text().isEmpty()) {
                        cs.beginText();
                        cs.setFont(l.font(), l.size());
                        cs.newLineAtOffset(MARGIN, y);
                        cs.showText(l.text());
                        cs.endText();
                    }
                }
                cs.beginText();
                cs.setFont(footerFont, 8);
                cs.newLineAtOffset(MARGIN, MARGIN / 2);
                cs.showText("Page " + page);
                cs.endText();
            }
        } while (i < lines.size());
    }

    private static void wrap(List<Line> out, PDType1Font font, float size, String text, float width) throws IOException {
        if (text.isEmpty()) {
            out.add(new Line(font, size, ""));
            return;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                out.add(new Line(font, size, line.toString()));
                line.setLength(0);
            }
            // a word wider than the line is cut
            String w = word;
            while (font.getStringWidth(w) / 1000 * size > width) {
                int cut = w.length() - 1;
                while (cut > 1 && font.getStringWidth(w.substring(0, cut)) / 1000 * size > width) {
                    cut--;
                }
                out.add(new Line(font, size, w.substring(0, cut)));
                w = w.substring(cut);
            }
            line.append(w);
        }
        if (line.length() > 0) {
            out.add(new Line(font, size, line.toString()));
        }
    }

    /** The text with every character the font cannot encode (and every control character) replaced by '?'. */
    static String printable(PDType1Font font, String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                b.append('?');
                return;
            }
            try {
                font.encode(c);
                b.append(c);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }

    private static long seed(DeliveryRequest.LegalPaper paper, String requestId) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(requestId.getBytes(StandardCharsets.UTF_8));
            md.update(paper.title().getBytes(StandardCharsets.UTF_8));
            for (DeliveryRequest.LegalPaper.Section s : paper.sections()) {
                md.update(s.heading().getBytes(StandardCharsets.UTF_8));
                md.update(s.text().getBytes(StandardCharsets.UTF_8));
            }
            byte[] h = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
