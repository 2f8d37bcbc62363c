-- Schema version 4: the servers (nodes) that use this record. Each node writes its row when its store
-- becomes ready and a heartbeat every few seconds with what it serves (model, locale and report versions),
-- so that an admin sees every node's versions from any node (skingpt:nodes, GET /api/v1/nodes) during a
-- rolling upgrade, and so that the answers a node left in progress when it died are marked INTERRUPTED by
-- the nodes still alive, not only when it comes back. instance_id changes at every start: a second running
-- server with the same node name is refused instead of mixing its answers with the first one's.

CREATE TABLE IF NOT EXISTS nodes (
    name              VARCHAR(200)   NOT NULL PRIMARY KEY,
    instance_id       VARCHAR(64)    NOT NULL,
    host              VARCHAR(200)   NOT NULL,
    software          VARCHAR(200)   NOT NULL,
    schema_version    INTEGER        NOT NULL,
    multi_node        BOOLEAN        NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at        TIMESTAMP WITH TIME ZONE,
    lost_at           TIMESTAMP WITH TIME ZONE,
    serving           VARCHAR(20000) NOT NULL
);
