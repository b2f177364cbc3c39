package eu.eevidence.gw.adapter.etsi.hi1;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the committed seeds of {@link Hi1ReaderFuzzTest} with the portal simulator's message builders. Not part of the
 * build: {@code mvn -o -pl adapters/adapter-etsi-103120 test -Dtest=Hi1FuzzSeeds -Dfuzz.seeds=write}.
 */
@EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
class Hi1FuzzSeeds {

    static final Path DIR = Path.of("src/test/resources/eu/eevidence/gw/adapter/etsi/hi1/Hi1ReaderFuzzTestInputs/message");

    @Test
    void write() throws Exception {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        byte[] data = "msisdn,start,end\n".getBytes(StandardCharsets.UTF_8);
        String sha = eu.eevidence.gw.adapter.api.PortalHttp.sha256(data);
        put("notifications", Hi1PortalSim.pushed("tx-1", List.of(
                Hi1PortalSim.notification("n-1", "order-1", "Acknowledged", "received", at, ""),
                Hi1PortalSim.notification("n-2", "order-1", "NonExecution", "refused", at, "<n:ReasonCode>A</n:ReasonCode>"),
                Hi1PortalSim.notification("n-3", "order-1", "DataPreserved", "kept", at, "<n:PreservedUntil>2027-01-01T00:00:00Z</n:PreservedUntil>"))));
        put("deliveries", Hi1PortalSim.pushed("tx-2", List.of(
                Hi1PortalSim.inlineDelivery("d-1", "order-1", "del-1", 1, false, data, sha),
                Hi1PortalSim.externalDelivery("d-2", "order-1", "del-1", 2, true, "https://platform.example/x/1", 4096, "ab".repeat(32)))));
        put("error-answer", "<?xml version=\"1.0\"?><HI1Message xmlns=\"" + Hi1.CORE + "\"><Header><SenderIdentifier><CountryCode>IE</CountryCode>"
                + "<UniqueIdentifier>P</UniqueIdentifier></SenderIdentifier><ReceiverIdentifier><CountryCode>XX</CountryCode><UniqueIdentifier>N</UniqueIdentifier>"
                + "</ReceiverIdentifier><TransactionIdentifier>tx-3</TransactionIdentifier><Timestamp>2026-11-25T10:00:00Z</Timestamp></Header>"
                + "<Payload><ResponsePayload><ErrorInformation><ErrorCode>1000</ErrorCode><ErrorDescription>unsupported</ErrorDescription>"
                + "</ErrorInformation></ResponsePayload></Payload></HI1Message>");
    }

    private static void put(String name, String xml) throws Exception {
        Files.createDirectories(DIR);
        Files.writeString(DIR.resolve(name), xml, StandardCharsets.UTF_8);
    }
}
