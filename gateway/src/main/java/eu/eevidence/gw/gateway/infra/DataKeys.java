package eu.eevidence.gw.gateway.infra;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Per-request data keys (ADR-0020). Each request (and each inbound case) gets a random AES-256 key, stored in table
 * {@code data_key} wrapped by the node's key-encryption key ({@link NodeKek}: AES-256-GCM, the owner id as AAD). The
 * request's personal content is stored as {@link #seal sealed} blobs: AES-256-GCM under the data key with the row's
 * identity as AAD (a blob moved to another row or column does not open). {@link #destroy Destroying} the key (deleting
 * its row) is the cryptographic erasure of everything sealed under it, wherever a copy of the ciphertext survived
 * (deleted database pages, broker journal, backups). The same key gives {@link #commitment salted commitments}
 * (HMAC-SHA256 with a key derived from the data key), unlinkable once the key is destroyed, and sub-keys
 * ({@link #derive}) for the evidence files.
 *
 * <p>Blob format: {@code 0x01 || nonce(12) || ciphertext || tag(16)}. Plain Java (JCE), portable SQL.
 */
public final class DataKeys {

    /** First byte of a sealed blob. */
    public static final byte VERSION = 0x01;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final NodeKek kek;
    private final java.time.Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DataKeys(NodeKek kek) {
        this(kek, java.time.Clock.systemUTC());
    }

    public DataKeys(NodeKek kek, java.time.Clock clock) {
        this.kek = kek;
        this.clock = clock;
    }

    /** Thrown when content is to be sealed for an owner whose key was destroyed (a purged request): nothing is kept. */
    public static final class DestroyedKeyException extends IllegalStateException {
        DestroyedKeyException(String ownerId) {
            super(InfraError.KEY_DESTROYED.code() + " the data key of " + ownerId + " was destroyed (purged); its content is not kept");
        }
    }

    /**
     * The data key of {@code ownerId}, created (and stored wrapped, in the caller's transaction) if it has none.
     *
     * @throws DestroyedKeyException when the owner's key was destroyed: a purged request gets no new key
     */
    public SecretKey keyFor(Tx c, String ownerId, Instant now) {
        try {
            Optional<SecretKey> k = find(c, ownerId);
            if (k.isPresent()) {
                return k.get();
            }
            if (destroyed(c, ownerId)) {
                throw new DestroyedKeyException(ownerId);
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            try (PreparedStatement ps = c.connection().prepareStatement("INSERT INTO data_key (owner_id, wrapped, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, ownerId);
                ps.setBytes(2, kek.wrap(raw, ownerId));
                ps.setObject(3, SqlTime.ts(now));
                ps.executeUpdate();
            }
            SecretKey key = new SecretKeySpec(raw, "AES");
            Arrays.fill(raw, (byte) 0);
            return key;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** The data key of {@code ownerId}, or empty when it was destroyed (purged) or never created. */
    public Optional<SecretKey> find(Tx c, String ownerId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT wrapped FROM data_key WHERE owner_id = ?")) {
                ps.setString(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    byte[] wrapped = rs.getBytes(1);
                    if (wrapped == null || wrapped.length == 0) {
                        return Optional.empty(); // destroyed
                    }
                    byte[] raw = kek.unwrap(wrapped, ownerId);
                    SecretKey key = new SecretKeySpec(raw, "AES");
                    Arrays.fill(raw, (byte) 0);
                    return Optional.of(key);
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /**
     * Destroys the data key of {@code ownerId}: the wrapped key is overwritten by nothing (a tombstone row that holds no
     * key, so that no new key is ever made for this owner); everything sealed under it is unreadable from now on.
     * True if a key existed.
     */
    public boolean destroy(Tx c, String ownerId) {
        try {
            boolean had = false;
            boolean row = false;
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT wrapped FROM data_key WHERE owner_id = ?")) {
                ps.setString(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        row = true;
                        byte[] w = rs.getBytes(1);
                        had = w != null && w.length > 0;
                    }
                }
            }
            try (PreparedStatement ps = c.connection().prepareStatement(row ? "UPDATE data_key SET wrapped = ? WHERE owner_id = ?"
                    : "INSERT INTO data_key (wrapped, owner_id, created_at) VALUES (?, ?, ?)")) {
                ps.setBytes(1, new byte[0]);
                ps.setString(2, ownerId);
                if (!row) {
                    ps.setObject(3, SqlTime.ts(clock.instant()));
                }
                ps.executeUpdate();
            }
            return had;
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** True when the owner's key was destroyed (a tombstone row). */
    public boolean destroyed(Tx c, String ownerId) {
        try {
            try (PreparedStatement ps = c.connection().prepareStatement("SELECT wrapped FROM data_key WHERE owner_id = ?")) {
                ps.setString(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    byte[] w = rs.getBytes(1);
                    return w == null || w.length == 0;
                }
            }
        } catch (SQLException failed) {
            throw new StorageException(failed);
        }
    }

    /** Seals {@code plain} for column {@code where} (e.g. {@code request.canonical_json}) of the row of {@code ownerId}. */
    public byte[] seal(Tx c, String ownerId, String where, byte[] plain, Instant now) {
        if (plain == null) {
            return null;
        }
        SecretKey key;
        try {
            key = keyFor(c, ownerId, now);
        } catch (DestroyedKeyException purged) {
            return new byte[0]; // content arriving for a purged request is not kept (the row, i.e. the metadata, is)
        }
        return seal(key, aad(ownerId, where), plain);
    }

    /**
     * Opens a blob sealed by {@link #seal}; empty when the owner's key is gone (purged) or the blob is the erased
     * (empty) value. A blob that does not open under an existing key is an integrity failure ({@link IllegalStateException}).
     */
    public Optional<byte[]> open(Tx c, String ownerId, String where, byte[] blob) {
        if (blob == null || blob.length == 0) {
            return Optional.empty();
        }
        Optional<SecretKey> key = find(c, ownerId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open(key.get(), aad(ownerId, where), blob));
    }

    /** Salted commitment to {@code data} for {@code ownerId}: HMAC-SHA256 under a key derived from its data key (hex). */
    public String commitment(Tx c, String ownerId, byte[] data, Instant now) {
        byte[] mac = hmac(derive(keyFor(c, ownerId, now), "commitment"), data);
        return java.util.HexFormat.of().formatHex(mac);
    }

    /** A sub-key of a data key for a purpose (HMAC-SHA256(dataKey, "eeg-dk/" + purpose), 32 bytes). */
    public static SecretKey derive(SecretKey dataKey, String purpose) {
        return new SecretKeySpec(hmac(dataKey, ("eeg-dk/" + purpose).getBytes(StandardCharsets.UTF_8)), "AES");
    }

    static byte[] aad(String ownerId, String where) {
        return (where + "/" + ownerId).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] seal(SecretKey key, byte[] aad, byte[] plain) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(aad);
            byte[] ct = gcm.doFinal(plain);
            byte[] out = new byte[1 + NONCE + ct.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(ct, 0, out, 1 + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(InfraError.KEY_CIPHER.code() + " AES-GCM unavailable", e);
        }
    }

    public static byte[] open(SecretKey key, byte[] aad, byte[] blob) {
        if (blob.length < 1 + NONCE + TAG_BITS / 8 || blob[0] != VERSION) {
            throw new IllegalStateException(InfraError.KEY_BLOB.code() + " stored content is not a sealed blob of this node");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 1, NONCE));
            gcm.updateAAD(aad);
            return gcm.doFinal(blob, 1 + NONCE, blob.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(InfraError.KEY_BLOB.code() + " stored content does not open under its data key (altered or moved)", e);
        }
    }

    private static byte[] hmac(SecretKey key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(InfraError.KEY_CIPHER.code() + " HMAC-SHA256 unavailable", e);
        }
    }
}
