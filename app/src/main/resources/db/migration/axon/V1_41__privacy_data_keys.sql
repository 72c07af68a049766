-- Crypto-shredding: one AES-256 data key per user, stored wrapped (AES-GCM) under the master key
-- (m2m.privacy.master-key). Events hold personal data only as ciphertext made with these keys; forgetting a user
-- deletes its rows here. Not a projection: it is never rebuilt from events (the events cannot recreate a key).
CREATE TABLE user_data_key (
    key_id      VARCHAR(40)              NOT NULL PRIMARY KEY,
    user_id     VARCHAR(255)             NOT NULL,
    wrapped_key BYTEA                    NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_user_data_key_user ON user_data_key (user_id, created_at);

-- A store written before this migration holds personal data (and webhook secrets) in plain text inside its events. Counted here once,
-- when the migration runs; a non-zero count refuses start-up (see README "Privacy: encryption and forgetting").
CREATE TABLE privacy_store_format (
    id                   INTEGER NOT NULL PRIMARY KEY,
    plaintext_pii_events BIGINT  NOT NULL
);
INSERT INTO privacy_store_format (id, plaintext_pii_events)
SELECT 1, COUNT(*) FROM domainevententry
WHERE payloadtype IN ('com.m2m.domain.user.FieldMergedEvent', 'com.m2m.domain.user.FieldUpdateIgnoredEvent',
                      'com.m2m.domain.operation.OperationCreatedEvent',
                      'com.m2m.domain.partner.WebhookSecretRotatedEvent');
