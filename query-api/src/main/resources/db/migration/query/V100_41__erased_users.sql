-- Forgotten users (UserForgottenEvent): their field rows and payout accounts keep source and time but no mask;
-- views show {"erased": true} instead. Rebuilt projections reach the same state from the events (the personal
-- values read as erased once the user's data key is gone, and the forget event stays in the stream).
ALTER TABLE user_field ADD COLUMN erased BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE user_view ADD COLUMN erased BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE operation_view ADD COLUMN payout_account_erased BOOLEAN NOT NULL DEFAULT FALSE;
