package eu.eevidence.gw.adapter.etsi.hi1;

import eu.eevidence.gw.adapter.api.DeliveryRequest;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.adapter.api.RefusalReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Hi1CodecTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private static final Hi1.Party NODE = new Hi1.Party("XX", "NODE");
    private static final Hi1.Party CSP = new Hi1.Party("GB", "CSP");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- hostile input first ----

    @ParameterizedTest
    @ValueSource(strings = {
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><HI1Message xmlns=\"http://uri.etsi.org/03120/common/2019/10/Core\">&e;</HI1Message>",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><x>&c;</x>",
            "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/evil.dtd\"><x/>",
            "<x xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></x>",
            "not xml", "", "<HI1Message xmlns=\"urn:other\"/>",
            "<HI1Message xmlns=\"http://uri.etsi.org/03120/common/2019/10/Core\"><Payload><ResponsePayload/></Payload></HI1Message>"})
    void refusesDoctypesEntitiesAndNonHi1Input(String xml) {
        assertThatThrownBy(() -> Hi1Reader.read(bytes(xml))).isInstanceOf(Hi1Reader.Hi1Exception.class)
                .satisfies(e -> assertThat(((Hi1Reader.Hi1Exception) e).code()).startsWith("EEG-HI1-"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0 AF", "E0 80 AF", "ED A0 80", "F4 90 80 80", "E2 82", "80", "FE"})
    void refusesIllFormedUtf8WithItsCode(String hex) throws Exception {
        byte[] valid = bytes(Hi1PortalSim.pushed(Hi1.uuid("p"), List.of(Hi1PortalSim.notification("n1", "auth-1", "RequestReceived", "", T, ""))));
        byte[] bad = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
        int at = new String(valid, StandardCharsets.UTF_8).indexOf("RequestReceived"); // ASCII up to there
        byte[] out = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(valid, at, out, at + bad.length, valid.length - at);
        assertThatThrownBy(() -> Hi1Reader.read(out)).isInstanceOf(Hi1Reader.Hi1Exception.class)
                .satisfies(e -> assertThat(((Hi1Reader.Hi1Exception) e).code()).isEqualTo("EEG-HI1-ENCODING"));
        assertThat(answersOf(valid)).isNotEmpty();
    }

    @Test
    void refusesABomUtf16AndADeclaredOtherEncoding() {
        String xml = Hi1PortalSim.pushed(Hi1.uuid("p"), List.of(Hi1PortalSim.notification("n1", "auth-1", "RequestReceived", "", T, "")));
        byte[] utf8 = bytes(xml);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        for (byte[] b : List.of(bom, xml.getBytes(StandardCharsets.UTF_16), xml.getBytes(StandardCharsets.UTF_16LE),
                ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + xml.replaceFirst("^<\\?xml[^>]*\\?>", "")).getBytes(StandardCharsets.ISO_8859_1))) {
            assertThatThrownBy(() -> Hi1Reader.read(b)).isInstanceOf(Hi1Reader.Hi1Exception.class)
                    .satisfies(e -> assertThat(((Hi1Reader.Hi1Exception) e).code()).isEqualTo("EEG-HI1-ENCODING"));
        }
    }

    private static List<Element> answersOf(byte[] xml) throws Exception {
        List<Element> all = new ArrayList<>();
        Hi1Reader.read(xml).requests().forEach(r -> all.addAll(r.objects()));
        return all;
    }

    @Test
    void refusesAnOversizedMessage() {
        assertThatThrownBy(() -> Hi1Reader.read(new byte[Hi1Reader.MAX_MESSAGE_BYTES + 1])).isInstanceOf(Hi1Reader.Hi1Exception.class)
                .satisfies(e -> assertThat(((Hi1Reader.Hi1Exception) e).code()).isEqualTo("EEG-HI1-TOO-LARGE"));
    }

    @Test
    void identifiersAreStableVersion4Uuids() {
        assertThat(Hi1.uuid("k")).isEqualTo(Hi1.uuid("k")).isNotEqualTo(Hi1.uuid("k2"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void writesARequestThatReadsBackWithItsObjectsInSchemaOrder() throws Exception {
        byte[] cms = {0x30, (byte) 0x80, 1, 2, 3};
        byte[] xml = Hi1Writer.request(new Hi1Writer.Header(NODE, CSP, Hi1.uuid("tx"), T, "V1.22.1", "XX", "v1.0"), List.of(
                new Hi1Writer.Action.CreateAuthorisation("a1", "XX", "NODE", "REQ-1", new Hi1Writer.Dict("ETSI", "AuthorisationLegalType", "Warrant"),
                        new Hi1Writer.Dict("ETSI", "AuthorisationDesiredStatus", "SubmittedToCSP"), T, T.plusSeconds(864000)),
                new Hi1Writer.Action.CreateTask("t1", false, "XX", "NODE", "a1", "XX-NODE-REQ-1", new Hi1Writer.Dict("ETSI", "LDTaskDesiredStatus", "AwaitingDisclosure"),
                        new Hi1Writer.Dict("ETSI", "RequestType", "Disclosure"),
                        List.of(new DeliveryRequest.TargetIdentifier(DeliveryRequest.IdentifierType.EMAIL, "a&b<c>@example.org")), null),
                new Hi1Writer.Action.CreateDocument("d1", "XX", "NODE", List.of("a1"), "REQ-1", "REQ-1.p7m", new Hi1Writer.Dict("ETSI", "DocumentType", "Warrant"),
                        cms, "application/pkcs7-mime", PortalHttp.sha256(cms))));
        Hi1Reader.Message m = Hi1Reader.read(xml);
        assertThat(m.header().transactionId()).isEqualTo(Hi1.uuid("tx"));
        assertThat(m.header().sender()).isEqualTo(NODE);
        assertThat(m.header().receiver()).isEqualTo(CSP);
        assertThat(m.requests()).extracting(Hi1Reader.ActionRequest::verb).containsExactly("CREATE", "CREATE", "CREATE");
        assertThat(m.requests()).extracting(r -> Hi1Reader.xsiType(r.objects().get(0))).containsExactly("AuthorisationObject", "LDTaskObject", "DocumentObject");
        Element task = m.requests().get(1).objects().get(0);
        assertThat(Hi1Reader.textAt(task, "RequestDetails", "RequestValues", "RequestValue", "Value")).isEqualTo("a&b<c>@example.org");
        assertThat(task.getElementsByTagNameNS(Hi1.TASK, "Reference").item(0).getNamespaceURI()).isEqualTo(Hi1.TASK);
        Element doc = m.requests().get(2).objects().get(0);
        assertThat(Base64.getDecoder().decode(Hi1Reader.textAt(doc, "DocumentBody", "Contents"))).isEqualTo(cms);
        assertThat(Hi1Reader.textAt(doc, "DocumentBody", "Checksum")).isEqualTo(PortalHttp.sha256(cms));
        assertThat(Hi1Reader.textAt(doc, "AssociatedObjects", "AssociatedObject")).isEqualTo("a1");
        List<String> order = new ArrayList<>();
        for (org.w3c.dom.Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            order.add(n.getLocalName());
        }
        assertThat(order).containsExactly("ObjectIdentifier", "CountryCode", "OwnerIdentifier", "AssociatedObjects", "DocumentReference", "DocumentName",
                "DocumentType", "DocumentBody");
    }

    private static List<PortalAnswer> answers(String... objects) throws Exception {
        Hi1Reader.Message m = Hi1Reader.read(bytes(Hi1PortalSim.pushed(Hi1.uuid("p"), List.of(objects))));
        List<Element> all = new ArrayList<>();
        m.requests().forEach(r -> all.addAll(r.objects()));
        return Hi1Answers.map(all, m.header().timestamp(), bytes("raw"));
    }

    @Test
    void mapsNotificationsToAnswers() throws Exception {
        List<PortalAnswer> a = answers(
                Hi1PortalSim.notification("n1", "auth-1", "RequestReceived", "", T, ""),
                Hi1PortalSim.notification("n2", "auth-1", "DataNotHeld", "account deleted in 2024", T, ""),
                Hi1PortalSim.notification("n3", "auth-1", "NonExecution", "see Form 3", T, "<n:NationalNotificationParameters><ReasonCode>ConflictOfLaw</ReasonCode></n:NationalNotificationParameters>"),
                Hi1PortalSim.notification("n4", "auth-1", "DataPreserved", "", T, "<n:NationalNotificationParameters><PreservedUntil>2027-01-24T10:00:00Z</PreservedUntil></n:NationalNotificationParameters>"),
                Hi1PortalSim.notification("n5", "auth-1", "ConfirmationOfWithdrawal", "", T, ""),
                Hi1PortalSim.notification("n6", "auth-1", "RequestAdditionalInformation", "Which account: the \u202e numeric id?", T, ""),
                Hi1PortalSim.notification("n7", "auth-1", "SomethingNew", "fyi", T, ""),
                Hi1PortalSim.notification("n2", "auth-1", "DataNotHeld", "duplicate", T, ""));
        assertThat(a).hasSize(7);
        assertThat(a.get(0)).isInstanceOf(PortalAnswer.Acknowledged.class);
        assertThat(a.get(1)).isInstanceOfSatisfying(PortalAnswer.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.DATA_NOT_HELD);
            assertThat(r.text()).isEqualTo("account deleted in 2024");
            assertThat(r.reference()).isEqualTo("auth-1");
        });
        assertThat(a.get(2)).isInstanceOfSatisfying(PortalAnswer.Refused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.CONFLICT_OF_LAWS));
        assertThat(a.get(3)).isInstanceOfSatisfying(PortalAnswer.PreservationConfirmed.class, p -> assertThat(p.until()).isEqualTo(Instant.parse("2027-01-24T10:00:00Z")));
        assertThat(a.get(4)).isInstanceOf(PortalAnswer.WithdrawalConfirmed.class);
        assertThat(a.get(5)).isInstanceOfSatisfying(PortalAnswer.ClarificationRequested.class, c -> assertThat(c.question()).isEqualTo("Which account: the ? numeric id?"));
        assertThat(a.get(6)).isInstanceOfSatisfying(PortalAnswer.Correspondence.class, c -> assertThat(c.subject()).isEqualTo("SomethingNew"));
    }

    @Test
    void aNonExecutionWithoutAKnownReasonIsRefusedAsInput() {
        assertThatThrownBy(() -> answers(Hi1PortalSim.notification("n3", "a", "NonExecution", "", T, "<ReasonCode>Because</ReasonCode>")))
                .isInstanceOf(Hi1Reader.Hi1Exception.class).hasMessageContaining("reason code");
    }

    @Test
    void mapsDeliveriesInlineAndByReferenceAndChecksInlineItems() throws Exception {
        byte[] data = bytes("id,name\n1,alice\n");
        List<PortalAnswer> a = answers(
                Hi1PortalSim.inlineDelivery("d1", "auth-1", "DLV-1", 1, false, data, PortalHttp.sha256(data)),
                Hi1PortalSim.externalDelivery("d2", "auth-1", "DLV-1", 2, true, "https://portal.example/dl/2", 1234, "ab".repeat(32)));
        assertThat(a.get(0)).isInstanceOfSatisfying(PortalAnswer.DataDelivery.class, d -> {
            assertThat(d.part()).isEqualTo(1);
            assertThat(d.last()).isFalse();
            assertThat(d.items().get(0).inline()).isEqualTo(data);
            assertThat(d.items().get(0).itemId()).isEqualTo("DLV-1#1");
        });
        assertThat(a.get(1)).isInstanceOfSatisfying(PortalAnswer.DataDelivery.class, d -> {
            assertThat(d.last()).isTrue();
            assertThat(d.items().get(0).download().size()).isEqualTo(1234);
            assertThat(d.items().get(0).download().uri()).hasToString("https://portal.example/dl/2");
        });
        assertThatThrownBy(() -> answers(Hi1PortalSim.inlineDelivery("d1", "auth-1", "DLV-1", 1, true, data, "00".repeat(32))))
                .isInstanceOf(Hi1Reader.Hi1Exception.class).satisfies(e -> assertThat(((Hi1Reader.Hi1Exception) e).code()).isEqualTo("EEG-HI1-BAD-ITEM"));
        assertThatThrownBy(() -> answers(Hi1PortalSim.inlineDelivery("d1", "auth-1", "DLV-1", 0, true, data, PortalHttp.sha256(data))))
                .isInstanceOf(Hi1Reader.Hi1Exception.class);
    }
}
