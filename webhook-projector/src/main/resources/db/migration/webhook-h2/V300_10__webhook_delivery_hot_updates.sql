-- Nothing to change on H2: this version's PostgreSQL file (db/migration/webhook-postgresql) sets the fill factor
-- of webhook_delivery for heap-only updates and makes the claim's per-target index partial, neither of which H2
-- has. The file exists so that both databases record the same versions (and Flyway finds the H2 folder); a script
-- needs one statement to run.
SELECT 1;
