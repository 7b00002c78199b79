-- From here on the marts' current definitions live in one file, Sql/Current/marts.sql, which the warehouse re-applies
-- whenever its content changes (the migrations before this one keep their history). This migration removes the
-- objects that file now owns and creates the ledger of applied current files.

drop function if exists refresh_marts();
drop materialized view if exists mart_region_value;
drop materialized view if exists mart_region_form;
drop view if exists form_measure_value;
drop materialized view if exists region_closure;

create table applied_sql_file (
    file_name           text primary key,
    sha256              char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
    applied_at          timestamptz not null
);
comment on table applied_sql_file is 'One row per current-definition SQL file (Sql/Current/*.sql) with the SHA-256 of the content last applied; a different checksum re-applies the file.';
