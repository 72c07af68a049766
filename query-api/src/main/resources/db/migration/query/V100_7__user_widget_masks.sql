-- The user-view projection additionally keeps, per field, the masked form the widget shows ("J***", "****RL09",
-- "****-**-15", "•••• 5558", "provided"; idType as is, it is not personal), and the user's payout destination
-- without the account (method type, country, last four characters). Never a full personal value.
-- Rows written before this migration have NULL here until the user-view projection is rebuilt
-- (POST /admin/projections/user-view/rebuild).

ALTER TABLE user_field ADD COLUMN widget_mask VARCHAR(64);

ALTER TABLE user_view ADD COLUMN payment_method_type VARCHAR(32);
ALTER TABLE user_view ADD COLUMN payment_country VARCHAR(8);
ALTER TABLE user_view ADD COLUMN payment_last4 VARCHAR(16);
