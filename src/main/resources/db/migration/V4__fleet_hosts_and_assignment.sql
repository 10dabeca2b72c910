-- The fleet: the hosts sharing this database, and which host each definition is assigned to.
-- The assignment lives in the status row (status.host) but in its own columns, which only the
-- scheduler writes: a status write of the reconciler never touches them. The processors and memory
-- reserved there are what the definition asked for when it was assigned; their sum per host is the
-- host's allocation.
alter table definition_status add column host varchar(63);
alter table definition_status add column reserved_processors integer;
alter table definition_status add column reserved_memory_mb bigint;

create index ix_definition_status_host on definition_status (host);

create table fleet_host (
    name                varchar(63)   not null primary key,
    labels_json         character varying not null,
    capacity_processors integer       not null,
    capacity_memory_mb  bigint        not null,
    cordoned            boolean       not null,
    draining            boolean       not null,
    lease_expires_at    timestamp(6) with time zone not null,
    registered_at       timestamp(6) with time zone not null,
    version             varchar(64)
);
