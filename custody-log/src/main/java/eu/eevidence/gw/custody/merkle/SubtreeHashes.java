package eu.eevidence.gw.custody.merkle;

import eu.eevidence.gw.custody.CustodyException;

/**
 * A source of hashes of <em>perfect</em> subtrees: {@code perfect(level, index)} is the Merkle Tree Hash of the
 * leaves {@code [index * 2^level, (index + 1) * 2^level)}. Level 0 gives leaf hashes. Implementations: the
 * in-memory {@link TreeHashes} of a log, and tiles fetched from a served log.
 */
public interface SubtreeHashes {

    byte[] perfect(int level, long index) throws CustodyException;
}
