package eu.eevidence.gw.gateway.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The revocation list: missing file = nothing revoked; comments ignored; case-insensitive; re-read on change. */
class RevokedClientsTest {

    @Test
    void readsTheListAndRereadsItWhenItChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(RevokedClients.FILE);
        RevokedClients r = new RevokedClients(file);
        assertThat(r.isRevoked("ab12")).isFalse();
        Files.writeString(file, "# revoked\nAB12\n\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(r.isRevoked("ab12")).isTrue();
        assertThat(r.isRevoked("cd34")).isFalse();
        Files.writeString(file, "cd34\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        assertThat(r.isRevoked("ab12")).isFalse();
        assertThat(r.isRevoked("CD34")).isTrue();
        Files.delete(file);
        assertThat(r.isRevoked("cd34")).isFalse();
        assertThat(RevokedClients.none().isRevoked("cd34")).isFalse();
    }
}
