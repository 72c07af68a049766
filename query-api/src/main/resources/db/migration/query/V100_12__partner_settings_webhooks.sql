-- Lean create link (docs/performance.md): the partner directory also keeps, per environment, whether webhooks have
-- a target URL and a signing secret (from the Partner's WebhookConfiguredEvent / WebhookSecretRotatedEvent), so a
-- create link reads its tenant once (with the API key) instead of partner settings and webhook endpoint apart.
-- A webhook event may find no settings row yet: the row is then created without settings (defaults apply).
-- Existing rows are filled from webhook_endpoint by app's db/migration/bridge V900_1 (that table belongs to webhook-projector).
ALTER TABLE partner_settings ALTER COLUMN settings DROP NOT NULL;
ALTER TABLE partner_settings ADD COLUMN webhook_target BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE partner_settings ADD COLUMN webhook_secret BOOLEAN DEFAULT FALSE NOT NULL;
