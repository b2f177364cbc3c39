package eu.eevidence.gw.custody.storage;

import eu.eevidence.gw.custody.CustodyError;

import java.util.Optional;

/**
 * What {@link FileLog#open} found. When {@code tornTail} is present the last record was incomplete after a crash
 * and was cut off: entries from {@link TornTail#firstMissingIndex()} on must be re-appended from the durable source
 * (the gateway's database) with {@link FileLog#appendAt}.
 */
public record OpenReport(long size, Optional<TornTail> tornTail) {

    /** A repaired torn tail: code {@link CustodyError#TORN_TAIL_REPAIRED}. */
    public record TornTail(long firstMissingIndex, long droppedBytes) {
        public String oneLine() {
            return CustodyError.TORN_TAIL_REPAIRED.code() + " torn tail of " + droppedBytes + " bytes cut off; entries from index "
                    + firstMissingIndex + " on must be re-appended from the durable source";
        }
    }
}
