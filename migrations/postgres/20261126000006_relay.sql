-- The relay (docs/EVENTS.md): a log of every delivery attempt, rotation of endpoint secrets, and the role the relay
-- works as. Kept in step with migrations/sqlite/20261126000006_relay.sql.

-- ---------------------------------------------------------------------------------------------------------------
-- portico_relay: the relay claims due deliveries across all tenants, so it cannot work inside one tenant's context
-- the way requests do. Rather than BYPASSRLS, it gets its own role that sees exactly the delivery tables (events,
-- endpoints, deliveries, attempts) of every tenant and nothing else: no orders, people, sessions or audit log.
-- Transactions switch to it with SET LOCAL ROLE (the login must be a member, as for portico_app).
-- ---------------------------------------------------------------------------------------------------------------
DO $$
BEGIN
    CREATE ROLE portico_relay NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT portico_relay TO %I', current_user);
    END IF;
END
$$;

CREATE TABLE delivery_attempts (
    id           UUID PRIMARY KEY,
    tenant_id    UUID NOT NULL REFERENCES tenants (id),
    delivery_id  UUID NOT NULL REFERENCES event_deliveries (id),
    attempt      INTEGER NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    duration_ms  INTEGER NOT NULL,
    -- The HTTP status, or NULL when no answer came (timeout, refused, reset, address not allowed).
    status       INTEGER,
    error        TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('delivered', 'retry', 'gone', 'dead'))
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempt);
CREATE INDEX delivery_attempts_tenant_time ON delivery_attempts (tenant_id, started_at);

-- While a secret is rotated the previous one signs too, until this time.
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_until TIMESTAMPTZ;
ALTER TABLE webhook_endpoints ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE event_deliveries ADD COLUMN last_attempt_at TIMESTAMPTZ;
-- Deliveries of one endpoint, for its log and for replaying a range.
CREATE INDEX event_deliveries_endpoint ON event_deliveries (tenant_id, endpoint_id, created_at DESC);

ALTER TABLE delivery_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY delivery_attempts_tenant ON delivery_attempts
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON delivery_attempts TO portico_app;
REVOKE UPDATE, DELETE, TRUNCATE ON delivery_attempts FROM portico_app;

GRANT USAGE ON SCHEMA public TO portico_relay;
GRANT SELECT ON outbox_events TO portico_relay;
GRANT SELECT, UPDATE ON event_deliveries TO portico_relay;
GRANT SELECT ON webhook_endpoints TO portico_relay;
GRANT UPDATE (disabled_at, disabled_reason) ON webhook_endpoints TO portico_relay;
GRANT SELECT, INSERT ON delivery_attempts TO portico_relay;
CREATE POLICY outbox_events_relay ON outbox_events FOR SELECT TO portico_relay USING (true);
CREATE POLICY event_deliveries_relay ON event_deliveries FOR ALL TO portico_relay USING (true) WITH CHECK (true);
CREATE POLICY webhook_endpoints_relay ON webhook_endpoints FOR ALL TO portico_relay USING (true) WITH CHECK (true);
CREATE POLICY delivery_attempts_relay ON delivery_attempts FOR ALL TO portico_relay USING (true) WITH CHECK (true);
-- Tenant ids and slugs: sinks name the tenant (NATS subjects) and operators address a tenant by its slug.
GRANT SELECT (id, slug, name) ON tenants TO portico_relay;
CREATE POLICY tenants_relay ON tenants FOR SELECT TO portico_relay USING (true);
