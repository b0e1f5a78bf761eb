-- Portable between H2 and PostgreSQL. Tokens made before scopes could do everything and never expired: they stay so.
ALTER TABLE api_token ADD COLUMN scope VARCHAR(16) DEFAULT 'full' NOT NULL;
-- New tokens always name their scope.
ALTER TABLE api_token ALTER COLUMN scope DROP DEFAULT;
ALTER TABLE api_token ADD CONSTRAINT api_token_scope CHECK (scope IN ('export', 'full'));
ALTER TABLE api_token ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
