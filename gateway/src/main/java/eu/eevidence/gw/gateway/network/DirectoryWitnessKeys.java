package eu.eevidence.gw.gateway.network;

import eu.eevidence.gw.custody.CustodyException;
import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;
import eu.eevidence.gw.gateway.witness.PeerLogKeys;

import java.util.LinkedHashMap;
import java.util.Map;

/** issue 19: the custody log and witness keys the network directory lists per node (ADR-0028), by node id. */
public final class DirectoryWitnessKeys {

    private DirectoryWitnessKeys() {
    }

    /** The keys of every node that lists at least one of them ({@link NetworkDirectory#check} has parsed them already). */
    public static Map<String, PeerLogKeys> of(NetworkDirectory d) {
        Map<String, PeerLogKeys> out = new LinkedHashMap<>();
        for (NetworkDirectory.NodeEntry n : d.nodes()) {
            if (n.custodyKey() == null && n.witnessKey() == null) {
                continue;
            }
            try {
                out.put(n.nodeId(), new PeerLogKeys(n.nodeId(), n.custodyKey() == null ? null : NoteVerifierKey.parse(n.custodyKey()),
                        n.witnessKey() == null ? null : CosignerKey.parse(n.witnessKey())));
            } catch (CustodyException e) {
                throw new IllegalStateException(NetworkError.DIR_INVALID.code() + " a checked directory holds a malformed key: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
