-- The ledger of received files: one row per file the importer took in, whatever became of it, so that after any run
-- received = loaded + quarantined + pending (files still waiting in the inbox) can be checked.

create table received_file (
    received_file_key   bigint generated always as identity primary key,
    file_name           text not null,
    source_path         text not null,
    sha256              char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes          bigint not null check (size_bytes >= 0),
    received_at         timestamptz not null,
    channel             text not null check (channel in ('inbox', 'import')),
    outcome             text not null check (outcome in ('loaded', 'superseded', 'duplicate', 'quarantined')),
    submission_key      bigint references dim_submission (submission_key)
);
comment on table received_file is 'grain: one row per received file taken in by the importer (inbox or import command): loaded, superseded an earlier version, duplicate of bytes already loaded, or quarantined.';
comment on column received_file.submission_key is 'The submission the file became; for a duplicate, the submission that already holds the same bytes.';
create index ix_received_file_sha256 on received_file (sha256);
create index ix_received_file_received_at on received_file (received_at);

create view received_file_summary as
select count(*) as received,
       count(*) filter (where outcome in ('loaded', 'superseded', 'duplicate')) as loaded,
       count(*) filter (where outcome = 'superseded') as superseded,
       count(*) filter (where outcome = 'duplicate') as duplicate,
       count(*) filter (where outcome = 'quarantined') as quarantined
from received_file;
comment on view received_file_summary is 'Totals of the received-file ledger; add the files still in the inbox (pending) to check received = loaded + quarantined + pending.';
