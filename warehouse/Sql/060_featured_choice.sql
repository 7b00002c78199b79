-- The featured activities (附件1) a region sends upward: at most five, chosen by its staff from its own and its sub-units'
-- recommendations, kept per region and year. Until a region chooses, its documents list its own recommendations.
-- A choice names a recommendation row; when that form is superseded the row is no longer current and drops out of the list.
create table featured_choice (
    region_key      integer not null references dim_region (region_key),
    year            integer not null references dim_year (year),
    rank            integer not null check (rank between 1 and 5),
    submission_key  bigint not null,
    row_number      integer not null,
    chosen_by       text not null,
    chosen_at       timestamptz not null default now(),
    primary key (region_key, year, rank),
    unique (region_key, year, submission_key, row_number),
    foreign key (submission_key, row_number) references fact_featured_activity (submission_key, row_number)
);
comment on table featured_choice is 'grain: one row per featured activity a region chose to send upward for a year (at most five: rank 1-5, the order of its 推荐表); chosen_by is the account name.';
