package eu.eevidence.gw.gateway.handoff;

import eu.eevidence.gw.gateway.infra.DataKeys;
import eu.eevidence.gw.gateway.infra.SqlTime;
import eu.eevidence.gw.gateway.infra.StorageException;
import eu.eevidence.gw.gateway.infra.Tx;
import eu.eevidence.gw.gateway.order.RequestDataPurge;
import eu.eevidence.gw.gateway.privacy.PrivacyError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manual hand-off's SQL ({@code manual_handoff}, ADR-0026): a prepared package, its confirmation, and, for a purged
 * request ({@link RequestDataPurge}, ADR-0020), its package directory, deleted once the purge committed.
 */
public final class HandoffStore implements RequestDataPurge {

    private static final Logger LOG = LoggerFactory.getLogger(HandoffStore.class);

    /** A prepared package ({@code h}: request, platform, directory, digests and time of preparation; not confirmed). */
    void insert(Tx c, HandoffService.Handoff h) {
        try (PreparedStatement ps = c.connection().prepareStatement(
                "INSERT INTO manual_handoff (request_id, platform_id, package_dir, pdf_sha256, cms_sha256, "
                + "manifest_sha256, prepared_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, h.requestId());
            ps.setString(2, h.platformId());
            ps.setString(3, h.packageDir());
            ps.setString(4, h.pdfSha256());
            ps.setString(5, h.cmsSha256());
            ps.setString(6, h.manifestSha256());
            ps.setObject(7, OffsetDateTime.ofInstant(h.preparedAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The hand-over of request {@code requestId}'s package, confirmed at {@code at} by {@code subject} ({@code fingerprint}). */
    void confirm(Tx c, String requestId, Instant at, String subject, String fingerprint, String platformReference) {
        try (PreparedStatement ps = c.connection().prepareStatement("UPDATE manual_handoff SET confirmed_at = ?, confirmed_by = ?, confirmed_by_cert = ?, "
                + "platform_reference = ? WHERE request_id = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(2, subject.length() > 512 ? subject.substring(0, 512) : subject);
            ps.setString(3, fingerprint);
            ps.setString(4, platformReference);
            ps.setString(5, requestId);
            ps.executeUpdate();
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    Optional<HandoffService.Handoff> find(Tx c, String requestId) {
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT request_id, platform_id, package_dir, pdf_sha256, cms_sha256, manifest_sha256, "
                + "prepared_at, confirmed_at, confirmed_by, platform_reference FROM manual_handoff WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HandoffService.Handoff(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), SqlTime.instant(rs, 7), SqlTime.instant(rs, 8), rs.getString(9), rs.getString(10)));
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** ADR-0020: the hand-off package of a purged request goes once the purge committed (the row stays as metadata). */
    @Override
    public Runnable purge(Tx c, DataKeys keys, String requestId, Instant now) {
        List<Path> packages = new ArrayList<>();
        try (PreparedStatement ps = c.connection().prepareStatement("SELECT package_dir FROM manual_handoff WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    packages.add(Path.of(rs.getString(1)));
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
        return packages.isEmpty() ? NOTHING : () -> packages.forEach(HandoffStore::deletePackage);
    }

    private static void deletePackage(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn(PrivacyError.RET_FILES.code() + " cannot delete a hand-off package of a purged request: {}", e.getMessage());
        }
    }
}
