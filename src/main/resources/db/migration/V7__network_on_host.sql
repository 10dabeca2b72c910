-- What each host of the fleet reports about a declared network it was asked to make: Ready (made,
-- with the declared settings) or Failed (it cannot be made there: a host network this service did
-- not make has its name or an overlapping subnet). A host writes only its own rows; a row goes when
-- the host no longer holds the network and none of its definitions needs it. No foreign key: the
-- reconciler may report on a network a moment after an owner deleted it; the next sweep of that
-- host removes the row.
create table network_host (
    network_name varchar(255)  not null,
    host_name    varchar(63)   not null,
    state        varchar(16)   not null,
    message      varchar(2000),
    updated_at   timestamp(6) with time zone not null,
    primary key (network_name, host_name)
);

create index ix_network_host_host on network_host (host_name);
