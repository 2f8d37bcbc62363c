-- Schema version 3: API tokens for hospital systems calling the HTTP API. Only the SHA-256 of a token's
-- secret is kept (the secret is shown once, when the token is created). Tokens live here, not in a file
-- on one server, so that every server behind a load balancer knows them and a revocation holds at once
-- everywhere.

CREATE TABLE IF NOT EXISTS api_tokens (
    id                VARCHAR(40)    NOT NULL PRIMARY KEY,
    name              VARCHAR(64)    NOT NULL,
    secret_sha256     VARCHAR(64)    NOT NULL,
    scopes            VARCHAR(200)   NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by        VARCHAR(200)   NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at        TIMESTAMP WITH TIME ZONE,
    revoked_by        VARCHAR(200),
    last_used_at      TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_name ON api_tokens (name);
CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_secret ON api_tokens (secret_sha256);
