package com.m2m.app.privacy;

import com.m2m.domain.privacy.Aead;
import com.m2m.domain.privacy.MasterKey;
import com.m2m.domain.privacy.PersonalDataCipher;
import com.m2m.domain.common.Identifiers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AES-256 data key per user (table {@code user_data_key}), each stored wrapped under the master key; the
 * events hold only ciphertext made with it. Forgetting a user deletes its keys: every value they encrypted is
 * then unreadable for good (crypto-shredding), without touching the append-only event store.
 *
 * <p>A token is {@code pd1:<keyId>:<base64(nonce || ciphertext || tag)>}, bound (AES-GCM associated data) to the
 * key id and the user id, so it opens without knowing which event it came from. A user who starts over after being
 * forgotten gets a new key (a new key id); the old tokens stay erased.
 *
 * <p>A new key is written in the caller's transaction (the one appending the events it encrypts), so a rolled-back
 * append leaves no key behind and a committed one always has its key. Which key a write uses is always asked of
 * the database; for reading, keys are cached for {@link #CACHE_MILLIS} per node; forgetting drops them at once on
 * the node that forgets (with several nodes, the others stop reading within that time).
 */
@Component
public class DataKeyStore implements PersonalDataCipher {

    static final String PREFIX = "pd1:";
    static final long CACHE_MILLIS = 60_000;
    private static final int CACHE_SIZE = 10_000;

    private final JdbcTemplate jdbc;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Map<String, DataKey> byId = lru();

    public DataKeyStore(JdbcTemplate jdbc, MasterKey masterKey, Clock clock) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    private record DataKey(String keyId, String userId, SecretKey key, long loadedAt) {
    }

    /** In a transaction's memo: the user was created in this transaction, so it has no key to look up yet. */
    private static final DataKey NO_KEY_YET = new DataKey("", "", null, 0);

    @Override
    public String encrypt(String userId, String plaintext) {
        return seal(currentKey(userId), userId, plaintext);
    }

    /**
     * {@link #encrypt} with the user's newest existing key only (for aggregate snapshots): a user without a key (never
     * written, or forgotten) gets none here.
     *
     * @throws IllegalStateException when the user has no key
     */
    public String encryptWithExistingKey(String userId, String plaintext) {
        Map<String, DataKey> chosen = transactionMemo();
        DataKey known = chosen == null ? null : chosen.get(userId);
        if (known == null || known == NO_KEY_YET) {
            known = newestStoredKey(userId).orElseThrow(() -> new IllegalStateException(
                    "The user has no data key (forgotten): its personal data is not written with a new one"));
        }
        return seal(known, userId, plaintext);
    }

    private String seal(DataKey key, String userId, String plaintext) {
        byte[] sealed = Aead.encrypt(key.key(), plaintext.getBytes(StandardCharsets.UTF_8),
                associatedData(key.keyId(), userId));
        return PREFIX + key.keyId() + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    @Override
    public Optional<String> decrypt(String token) {
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not an encrypted personal value");
        }
        int separator = token.indexOf(':', PREFIX.length());
        if (separator < 0) {
            throw new IllegalArgumentException("Not an encrypted personal value");
        }
        String keyId = token.substring(PREFIX.length(), separator);
        byte[] sealed = Base64.getDecoder().decode(token.substring(separator + 1));
        return keyById(keyId).map(key -> new String(Aead.decrypt(key.key(), sealed,
                associatedData(keyId, key.userId())), StandardCharsets.UTF_8));
    }

    /**
     * Tells the store that {@code userId} is created in the current transaction (its stream starts here), so its
     * first encryption inserts a key without asking the database for one first. Safe if wrong: a user with a key
     * would only get a second one (writes use the newest, reads open any, forgetting deletes all). Two
     * transactions creating the same user both insert a key, as before; only one appends the user's first event,
     * the other rolls back with its key.
     */
    public void userCreated(String userId) {
        Map<String, DataKey> chosen = transactionMemo();
        if (chosen != null) {
            chosen.putIfAbsent(userId, NO_KEY_YET);
        }
    }

    /** Deletes every data key of the user (in the caller's transaction); returns how many there were. */
    public int forget(String userId) {
        int deleted = jdbc.update("DELETE FROM user_data_key WHERE user_id = ?", userId);
        evict(userId);
        Map<String, DataKey> chosen = transactionMemo();
        if (chosen != null) {
            chosen.remove(userId); // a start-over later in this transaction gets a new key
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evict(userId);
                }
            });
        }
        return deleted;
    }

    /** Whether one stored key opens with this master key (false: configured with another master key). */
    public boolean masterKeyOpensStoredKeys() {
        List<Map<String, Object>> one = jdbc.queryForList(
                "SELECT key_id, user_id, wrapped_key FROM user_data_key ORDER BY created_at LIMIT 1");
        if (one.isEmpty()) {
            return true;
        }
        try {
            unwrap((String) one.get(0).get("key_id"), (String) one.get(0).get("user_id"),
                    (byte[]) one.get(0).get("wrapped_key"));
            return true;
        } catch (Aead.DecryptionFailed wrongKey) {
            return false;
        }
    }

    /**
     * The user's newest key, asked of the database on every write (never of a cache), so that no node keeps
     * encrypting with a key another node has just deleted; new keys are cached for reading only after commit.
     */
    private DataKey currentKey(String userId) {
        // Within one transaction the key chosen for a user is asked of the database once: a create link with
        // userData encrypts a value per field, and each asked again (eight selects for one answer). A forget
        // committed meanwhile makes the whole transaction's values unreadable either way, as it would the first.
        Map<String, DataKey> chosen = transactionMemo();
        DataKey known = chosen == null ? null : chosen.get(userId);
        if (known != null && known != NO_KEY_YET) {
            return known;
        }
        DataKey key = known == NO_KEY_YET ? newKey(userId) : currentKeyFromDatabase(userId);
        if (chosen != null) {
            chosen.put(userId, key);
        }
        return key;
    }

    /** The keys chosen in the current transaction, per user; null outside a transaction. */
    @SuppressWarnings("unchecked")
    private Map<String, DataKey> transactionMemo() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Object memoKey = this;
        Map<String, DataKey> memo = (Map<String, DataKey>) TransactionSynchronizationManager.getResource(memoKey);
        if (memo == null) {
            Map<String, DataKey> fresh = new java.util.HashMap<>();
            TransactionSynchronizationManager.bindResource(memoKey, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(memoKey);
                }
            });
            memo = fresh;
        }
        return memo;
    }

    private DataKey currentKeyFromDatabase(String userId) {
        return newestStoredKey(userId).orElseGet(() -> newKey(userId));
    }

    private Optional<DataKey> newestStoredKey(String userId) {
        List<String> stored = jdbc.queryForList("SELECT key_id FROM user_data_key WHERE user_id = ?"
                + " ORDER BY created_at DESC, key_id LIMIT 1", String.class, userId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(keyById(stored.get(0)).orElseThrow(() -> new IllegalStateException("Data key vanished")));
    }

    private DataKey newKey(String userId) {
        SecretKey fresh = Aead.newKey();
        String keyId = "dk_" + Identifiers.randomHex(12);
        jdbc.update("INSERT INTO user_data_key (key_id, user_id, wrapped_key, created_at) VALUES (?, ?, ?, ?)",
                keyId, userId, masterKey.seal(fresh.getEncoded(), wrapContext(keyId, userId)),
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        DataKey created = new DataKey(keyId, userId, fresh, System.currentTimeMillis());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Until the commit, later encryptions in this transaction find the new row by the query above.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache(created);
                }
            });
        } else {
            cache(created);
        }
        return created;
    }

    private Optional<DataKey> keyById(String keyId) {
        DataKey cached = fresh(byId, keyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        List<DataKey> stored = jdbc.query("SELECT user_id, wrapped_key FROM user_data_key WHERE key_id = ?",
                (rs, row) -> unwrap(keyId, rs.getString("user_id"), rs.getBytes("wrapped_key")), keyId);
        stored.forEach(this::cache);
        return stored.stream().findFirst();
    }

    private DataKey unwrap(String keyId, String userId, byte[] wrapped) {
        return new DataKey(keyId, userId, Aead.key(masterKey.open(wrapped, wrapContext(keyId, userId))),
                System.currentTimeMillis());
    }

    private DataKey fresh(Map<String, DataKey> cache, String id) {
        DataKey key;
        synchronized (cache) {
            key = cache.get(id);
        }
        return key != null && System.currentTimeMillis() - key.loadedAt() < CACHE_MILLIS ? key : null;
    }

    private void cache(DataKey key) {
        synchronized (byId) {
            byId.put(key.keyId(), key);
        }
    }

    private void evict(String userId) {
        synchronized (byId) {
            byId.values().removeIf(key -> key.userId().equals(userId));
        }
    }

    private static byte[] associatedData(String keyId, String userId) {
        return ("personal-data:" + keyId + ":" + userId).getBytes(StandardCharsets.UTF_8);
    }

    private static String wrapContext(String keyId, String userId) {
        return "data-key:" + keyId + ":" + userId;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CACHE_SIZE;
            }
        };
    }
}
