-- One subgraph's PostgreSQL database and its two roles (docs/production.md, "Provisioning").
--
--   owner    owns the database, its schema and every table; migrates (npm run migrate) and nothing else.
--   service  what the subgraph runs as: CONNECT, USAGE on the schema, SELECT and INSERT on the tables
--            (default privileges, so tables of later migrations too); its UPDATEs are granted by
--            `npm run migrate -- <name> --grant <service>` from the subgraph's declaration. It owns
--            nothing, so it cannot ALTER TABLE … DISABLE TRIGGER, TRUNCATE, DROP or create anything.
--
-- Run as a superuser (or a role with CREATEDB and CREATEROLE), once per subgraph; running it again
-- changes nothing that exists:
--   psql -v database=caselink_cases -v owner=caselink_cases_owner -v service=caselink_cases -f deploy/postgres/provision.sql
-- Passwords, when the roles log in with one (else set them with \password, or use certificates):
--   … -v owner_password="$OWNER_PASSWORD" -v service_password="$SERVICE_PASSWORD"
\set ON_ERROR_STOP on
\if :{?database}
\if :{?owner}
\if :{?service}
\set provision_ok 1
\endif
\endif
\endif
\if :{?provision_ok}
\else
DO $$ BEGIN RAISE EXCEPTION 'provision.sql: give -v database=… -v owner=… (owns and migrates) -v service=… (the subgraph runs as)'; END $$;
\endif

-- Roles: no superuser, no role or database creation, no replication, no row-security bypass.
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT', :'service')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'service') \gexec
\if :{?owner_password}
SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password') \gexec
\endif
\if :{?service_password}
SELECT format('ALTER ROLE %I PASSWORD %L', :'service', :'service_password') \gexec
\endif

-- The database, owned by the owner role; nobody else may connect but the service.
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'database', :'owner', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"service";

\connect :"database"
-- The schema is the owner's (before PostgreSQL 15 it was the bootstrap superuser's, with CREATE for PUBLIC).
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"service";
-- Tables and sequences the owner creates from now on (every migration): read and append, no more.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"service";
\echo provisioned :database owned by :owner, served as :service
