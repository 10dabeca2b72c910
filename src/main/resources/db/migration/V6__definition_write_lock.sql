-- The rules that compare definitions (one writer per writable disk, unique names, subnets that do
-- not overlap) are checked by one write at a time across every host of the fleet: each such write
-- first locks this one row (select ... for update) in its transaction, so a second host's write
-- waits for the first one's commit and then reads what it committed. The generation grows with
-- every such write: a host whose in-memory index of disk claims was built at another generation
-- knows another host wrote since and rebuilds it.
create table definition_write_lock (
    id         integer not null primary key,
    generation bigint  not null
);

insert into definition_write_lock (id, generation) values (1, 0);
