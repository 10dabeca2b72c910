-- What is reserved on each host, kept as sums beside the assignments (definition_status.host and
-- its reserved columns): every write that assigns, releases, deletes or changes the reservation of
-- an assigned row adds its difference here in the same transaction. A scheduler reads one row per
-- host instead of summing every assigned row, so placing n definitions costs n small reads, not n
-- sums over the fleet.
create table host_reservation (
    host        varchar(63) not null primary key,
    processors  bigint      not null,
    memory_mb   bigint      not null,
    definitions integer     not null
);

insert into host_reservation (host, processors, memory_mb, definitions)
    select host, coalesce(sum(reserved_processors), 0), coalesce(sum(reserved_memory_mb), 0), count(*)
    from definition_status where host is not null group by host;
