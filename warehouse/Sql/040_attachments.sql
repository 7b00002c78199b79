-- What the notices ask for besides the forms: a summary report (总结报告), photos and a video of at most 3 minutes per
-- unit and year, sent through the same upload. The originals are kept in the archive by their SHA-256.

create table attachment (
    attachment_key      bigint generated always as identity primary key,
    sha256              char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
    file_name           text not null,
    kind                text not null check (kind in ('report', 'photo', 'video')),
    size_bytes          bigint not null check (size_bytes >= 0),
    duration_seconds    numeric(9, 2) check (duration_seconds >= 0),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    account_name        text,
    received_at         timestamptz not null,
    archive_path        text not null,
    unique (reporting_unit_key, year, sha256),
    check ((kind = 'video') = (duration_seconds is not null))
);
comment on table attachment is 'grain: one row per distinct file (by SHA-256) attached to a unit''s year: its summary report, a photo or a video; the same bytes sent again for the same unit and year are kept once.';
comment on column attachment.duration_seconds is 'A video''s length read from its movie header (at most 180 seconds are accepted); null for reports and photos.';
create index ix_attachment_unit_year on attachment (reporting_unit_key, year);
