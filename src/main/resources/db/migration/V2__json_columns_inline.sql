-- Spec and status JSON as inline character strings instead of CLOBs: H2 keeps a CLOB over 256
-- characters in its separate LOB store, so every read and every status write went through it.
-- CHARACTER VARYING without a length allows H2's maximum (10^9 characters), as a CLOB did in practice.
alter table definition alter column spec_json set data type character varying;
alter table definition_status alter column status_json set data type character varying;
