-- Fills the partner directory's webhook flags (query-api V100_12) from the webhook endpoint directory
-- (webhook-projector V300_1) for a store that had webhooks before the flags existed. Here in app because it spans
-- two modules' tables, numbered after both so it runs once both exist. On a new store it changes nothing.
UPDATE partner_settings SET
    webhook_target = EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.partner_id = partner_settings.partner_id
                             AND e.environment = partner_settings.environment AND e.url IS NOT NULL),
    webhook_secret = EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.partner_id = partner_settings.partner_id
                             AND e.environment = partner_settings.environment AND e.secret IS NOT NULL);
INSERT INTO partner_settings (partner_id, environment, settings, updated_at, webhook_target, webhook_secret)
SELECT e.partner_id, e.environment, NULL, e.updated_at, e.url IS NOT NULL, e.secret IS NOT NULL
FROM webhook_endpoint e
WHERE NOT EXISTS (SELECT 1 FROM partner_settings s WHERE s.partner_id = e.partner_id AND s.environment = e.environment);
