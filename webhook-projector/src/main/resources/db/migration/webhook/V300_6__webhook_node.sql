-- Dispatcher nodes and their heartbeats. A delivery leased by a node whose heartbeat has stopped (killed, crashed)
-- may be taken over by another node without waiting for the lease to run out (timeout + 30 s): a restart after
-- kill -9 resumes the attempts that were in flight within seconds. lease_node is the node holding the lease.

CREATE TABLE webhook_node (
    node_id VARCHAR(40)              NOT NULL PRIMARY KEY,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE webhook_delivery ADD COLUMN lease_node VARCHAR(40);
