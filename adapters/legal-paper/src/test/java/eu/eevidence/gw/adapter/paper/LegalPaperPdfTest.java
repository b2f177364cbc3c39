package eu.eevidence.gw.adapter.paper;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PortalHttp;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LegalPaperPdfTest {

    private static DeliveryRequest.LegalPaper paper(String text) {
        return new DeliveryRequest.LegalPaper("Preservation request (Budapest Convention, Art. 29)", List.of(
                new DeliveryRequest.LegalPaper.Section("Requesting authority", "Cybercrime unit, Ministry of Justice"),
                new DeliveryRequest.LegalPaper.Section("Data to be preserved", text)));
    }

    @Test
    void charactersTheFontCannotShowDoNotBreakRendering() throws Exception {
        byte[] pdf = LegalPaperPdf.render(paper("Ελληνικά 中文 \u0007 \u202e emoji \uD83D\uDE00 and Zoë"), "REQ-1");
        try (PDDocument d = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(d);
            assertThat(text).contains("Zoë").contains("emoji ?").doesNotContain("中");
        }
    }

    @Test
    void rendersTitleRequestAndSectionsAndPaginatesLongText() throws Exception {
        String longText = ("Subscriber data, traffic data and stored content of account 80351110224678912 from 2026-01-01 to 2026-11-01. ").repeat(120)
                + "Averyveryverylongwordwithoutanyspaces".repeat(10);
        byte[] pdf = LegalPaperPdf.render(paper(longText), "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertThat(d.getNumberOfPages()).isGreaterThan(1);
            String text = new PDFTextStripper().getText(d);
            assertThat(text).contains("Preservation request (Budapest Convention, Art. 29)", "REQ-01JDAAAAAAAAAAAAAAAAAAAAAA", "Requesting authority",
                    "Cybercrime unit", "Page 2");
            assertThat(d.getDocumentInformation().getTitle()).isEqualTo("Preservation request (Budapest Convention, Art. 29)");
        }
    }

    @Test
    void theSamePaperGivesTheSameBytes() throws Exception {
        assertThat(PortalHttp.sha256(LegalPaperPdf.render(paper("x"), "REQ-1"))).isEqualTo(PortalHttp.sha256(LegalPaperPdf.render(paper("x"), "REQ-1")))
                .isNotEqualTo(PortalHttp.sha256(LegalPaperPdf.render(paper("y"), "REQ-1")));
    }
}
