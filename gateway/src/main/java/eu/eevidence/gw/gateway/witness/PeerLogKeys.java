package eu.eevidence.gw.gateway.witness;

import eu.eevidence.gw.custody.note.NoteVerifierKey;
import eu.eevidence.gw.custody.witness.CosignerKey;

/**
 * What witnessing needs to know of a peer node (network directory {@code custodyKey} and {@code witnessKey}, or the
 * witness configuration): the checkpoint key of its custody log (whose name is the log's origin), to witness that log,
 * and its cosigner key, to have it witness ours. Either may be null when the peer does not publish it.
 */
public record PeerLogKeys(String nodeId, NoteVerifierKey logKey, CosignerKey witnessKey) {
}
