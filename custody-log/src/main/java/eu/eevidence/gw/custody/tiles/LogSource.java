package eu.eevidence.gw.custody.tiles;

import eu.eevidence.gw.custody.CustodyException;

import java.util.Optional;

/**
 * Where an auditor reads a tiled log from: plain GETs of paths relative to the log's prefix ({@code checkpoint},
 * {@code tile/...}). Implementations: a directory, a zip archive, an http(s) base URL.
 */
public interface LogSource extends AutoCloseable {

    /** The bytes at {@code path}, empty when the resource does not exist; a transport failure is an exception. */
    Optional<byte[]> get(String path) throws CustodyException;

    /** A short description for messages. */
    String describe();

    @Override
    default void close() {
    }
}
