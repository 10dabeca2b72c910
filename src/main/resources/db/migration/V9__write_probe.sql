-- One row the readiness check rewrites, and only after a write failed, to learn whether the
-- database takes writes again (an embedded database's disk full or its file closed under it).
create table write_probe (
    id         integer   not null primary key,
    written_at timestamp
);

insert into write_probe (id, written_at) values (1, null);
