-- The shared migrations (db/migration) are written for H2 and PostgreSQL alike; PostgreSQL has no
-- CLOB type, which the first one names. Unlimited text is what H2's CLOB meant there.
create domain clob as text;
