-- The marts: what the dashboard, the API and the publishing documents read. This file is their one current
-- definition: the warehouse runs it again, in one transaction, whenever its content changes (its SHA-256 is kept in
-- applied_sql_file), and then rebuilds the marts with refresh_marts(). The migrations keep the history.
--
-- One number per region and year, never double counted. A region's value is its own current statistics form when it
-- has one ("reported": the form is taken as consolidated, covering everything below it). Otherwise it is the sum of the
-- forms below it that no reported region in between already covers ("derived"). Departments attached to a region count
-- as its sub-units. Walking up from a form, the first region that sent its own form covers it, so a form counts toward
-- every region on its way up until (not including) that nearest reported one.
--
-- The marts are tables kept up to date per load: a form changes only the values of its unit's region and that region's
-- ancestors in its year (regions below it sum forms below them, which the new form is not), so
-- refresh_region_values(year, region codes) recomputes exactly those rows. refresh_marts() rebuilds everything, for
-- reference-data changes (the region tree, the units) and after this file is applied.

drop function if exists refresh_marts();
drop function if exists refresh_region_values(integer, text[]);
drop function if exists refresh_region_keys(integer, integer[]);
drop table if exists mart_region_value;
drop table if exists mart_region_form;
drop view if exists statistics_form_ratio;
drop view if exists form_measure_value;
drop view if exists statistics_measure_value;
drop view if exists current_statistics_form;
drop materialized view if exists region_closure;

-- The one definition of which statistics forms count: each unit's current, accepted form of the year.
create view current_statistics_form as
select s.submission_key, s.reporting_unit_key, s.year, u.region_key, (u.unit_kind = 'government') as is_own
from dim_submission s
join dim_reporting_unit u using (reporting_unit_key)
where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning');
comment on view current_statistics_form is 'grain: one row per current accepted statistics form (one per reporting unit and year); is_own when the unit is its region''s own government body rather than a department attached to it.';

-- Every (ancestor, descendant) pair of the region tree, including each region with itself at depth 0.
create materialized view region_closure as
with recursive walk (ancestor_key, descendant_key, depth) as (
    select region_key, region_key, 0 from dim_region
    union all
    select w.ancestor_key, r.region_key, w.depth + 1
    from walk w
    join dim_region r on r.parent_region_key = w.descendant_key
)
select ancestor_key, descendant_key, depth from walk;
create unique index ux_region_closure on region_closure (ancestor_key, descendant_key);
create index ix_region_closure_descendant on region_closure (descendant_key, depth);
comment on materialized view region_closure is 'grain: one row per (ancestor, descendant) pair of dim_region, depth 0 for the region itself.';

-- Every statistics form's measures, totals included (a total is the sum of the parts filled in, null when none was).
-- A filter on submission_key (and measure_code) reaches both branches, so reading a few forms computes only their totals;
-- the dashboard reads one form's measure this way (FormMeasureValue).
create view statistics_measure_value as
select f.submission_key, f.measure_code, f.value::numeric as value, f.source_sheet, f.source_cell
from fact_statistics_value f
union all
select f.submission_key, t.measure_code, sum(f.value)::numeric, null::text, null::text
from fact_statistics_value f
join dim_measure m using (measure_code)
cross join lateral unnest(m.rolls_up_into) as t (measure_code)
group by f.submission_key, t.measure_code;
comment on view statistics_measure_value is 'grain: one row per statistics form (any version) × measure code, totals included; source cell null for totals.';

-- The ratios the check ratio_outlier compares. A filter on submission_key reaches both branches of
-- statistics_measure_value, so reading a few forms sums only their totals.
create view statistics_form_ratio as
with pivot as (
    select v.submission_key,
           max(v.value) filter (where v.measure_code = 'activities') as activities,
           max(v.source_sheet || '!' || v.source_cell) filter (where v.measure_code = 'activities') as activities_cell,
           max(v.value) filter (where v.measure_code = 'participants_total') as participants,
           max(v.value) filter (where v.measure_code = 'funding_total') as funding,
           max(v.value) filter (where v.measure_code = 'media_outlets') as outlets,
           max(v.value) filter (where v.measure_code = 'media_reports') as reports,
           max(v.source_sheet || '!' || v.source_cell) filter (where v.measure_code = 'media_reports') as reports_cell
    from statistics_measure_value v
    where v.measure_code in ('activities', 'participants_total', 'funding_total', 'media_outlets', 'media_reports')
    group by v.submission_key
)
select p.submission_key, r.measure_code, r.name, r.unit, r.value, r.cell
from pivot p
cross join lateral (values
    ('participants_total', '场均参与人次（群众参与合计 ÷ 活动次数）', '人次/次', p.participants / nullif(p.activities, 0), p.activities_cell),
    ('funding_total', '场均经费（活动经费合计 ÷ 活动次数）', '万元/次', p.funding / nullif(p.activities, 0), p.activities_cell),
    ('media_reports', '每家媒体报道数（宣传报道数量 ÷ 参与媒体数量）', '篇/家', p.reports / nullif(p.outlets, 0), p.reports_cell)
) as r (measure_code, name, unit, value, cell)
where r.value is not null;
comment on view statistics_form_ratio is 'grain: one row per statistics form (any version) × ratio the check ratio_outlier compares (keyed by the measure in its numerator): its name, unit, value and the cell to point at.';

create view form_measure_value as
select f.submission_key, f.reporting_unit_key, f.year, v.measure_code, v.value, v.source_sheet, v.source_cell
from current_statistics_form f
join statistics_measure_value v using (submission_key);
comment on view form_measure_value is 'grain: one row per current accepted statistics form × measure code (totals included); source cell null for totals.';

create table mart_region_form (
    region_key          integer not null,
    year                integer not null,
    submission_key      bigint not null,
    reporting_unit_key  integer not null,
    basis               text not null check (basis in ('reported', 'derived')),
    primary key (region_key, year, submission_key)
);
create index ix_mart_region_form_submission on mart_region_form (submission_key);
comment on table mart_region_form is 'grain: one row per region × year × current statistics form that makes up the region''s value in mart_region_value (its own form when reported, the uncovered forms below it when derived). Kept by refresh_region_values() and refresh_marts().';

create table mart_region_value (
    region_key          integer not null,
    year                integer not null,
    measure_code        text not null,
    value               numeric,
    basis               text not null check (basis in ('reported', 'derived')),
    submission_key      bigint,
    source_sheet        text,
    source_cell         text,
    contributing_forms  integer not null,
    reporting_children  integer not null,
    expected_children   integer not null,
    primary key (region_key, year, measure_code)
);
create index ix_mart_region_value_year_measure on mart_region_value (year, measure_code);
comment on table mart_region_value is 'grain: one row per region × year × measure that has a value: basis reported (the region''s own current form, with its source cell) or derived (sum of the uncovered forms below it, with contributing_forms and child coverage). Kept by refresh_region_values() and refresh_marts().';

-- Recomputes the marts' rows of the given regions in one year. Callers hold the year's lock (see below).
create function refresh_region_keys(p_year integer, p_region_keys integer[]) returns void language plpgsql as $$
declare
    made_of_keys bigint[];
begin
    delete from mart_region_form where year = p_year and region_key = any(p_region_keys);
    insert into mart_region_form (region_key, year, submission_key, reporting_unit_key, basis)
    with form as (
        select * from current_statistics_form where year = p_year
    ),
    -- The regions a form may count toward: from its own region (a department's form) or its region's parent (a
    -- region's own form, which is that region's reported value) up to the nation, with the distance walked.
    form_path as (
        select f.submission_key, f.reporting_unit_key, c.ancestor_key, c.depth
        from form f
        join region_closure c on c.descendant_key = f.region_key
        where c.depth > 0 or not f.is_own
    ),
    covered_at as (
        select p.submission_key, min(p.depth) as depth
        from form_path p
        join form r on r.region_key = p.ancestor_key and r.is_own
        group by p.submission_key
    )
    select f.region_key, p_year, f.submission_key, f.reporting_unit_key, 'reported'
    from form f
    where f.is_own and f.region_key = any(p_region_keys)
    union all
    select p.ancestor_key, p_year, p.submission_key, p.reporting_unit_key, 'derived'
    from form_path p
    left join covered_at c using (submission_key)
    where p.ancestor_key = any(p_region_keys) and (c.depth is null or p.depth < c.depth);

    select array_agg(distinct submission_key) into made_of_keys
    from mart_region_form where year = p_year and region_key = any(p_region_keys);

    delete from mart_region_value where year = p_year and region_key = any(p_region_keys);
    insert into mart_region_value (region_key, year, measure_code, value, basis, submission_key, source_sheet, source_cell,
                                   contributing_forms, reporting_children, expected_children)
    with made_of as (
        select * from mart_region_form where year = p_year and region_key = any(p_region_keys)
    ),
    form_value as (
        select * from statistics_measure_value where submission_key = any(made_of_keys)
    ),
    coverage as (
        -- Direct sub-regions that have a value of their own, reported or derived.
        select c.ancestor_key as region_key, count(*) as reporting_children
        from region_closure c
        where c.depth = 1 and c.ancestor_key = any(p_region_keys)
          and exists (select 1 from mart_region_form m where m.region_key = c.descendant_key and m.year = p_year)
        group by c.ancestor_key
    ),
    expected as (
        select ancestor_key as region_key, count(*) as expected_children
        from region_closure where depth = 1 and ancestor_key = any(p_region_keys)
        group by ancestor_key
    ),
    region_value as (
        select m.region_key, v.measure_code, v.value, 'reported' as basis,
               m.submission_key, v.source_sheet, v.source_cell, 1 as contributing_forms
        from made_of m
        join form_value v using (submission_key)
        where m.basis = 'reported'
        union all
        select m.region_key, v.measure_code, sum(v.value), 'derived',
               null, null, null, count(*)::integer
        from made_of m
        join form_value v using (submission_key)
        where m.basis = 'derived'
        group by m.region_key, v.measure_code
    )
    select v.region_key, p_year, v.measure_code, v.value, v.basis, v.submission_key, v.source_sheet, v.source_cell,
           v.contributing_forms,
           coalesce(cov.reporting_children, 0)::integer,
           coalesce(e.expected_children, 0)::integer
    from region_value v
    left join coverage cov using (region_key)
    left join expected e using (region_key);
end;
$$;

-- Refreshes of one year take the year's transaction lock, so two loads of the same year cannot both write the same
-- ancestor (the nation) from snapshots that each miss the other's form; refreshes of different years never wait.
create function refresh_region_values(p_year integer, p_region_codes text[]) returns void language plpgsql as $$
declare
    affected integer[];
begin
    perform pg_advisory_xact_lock(20261203, p_year);
    select array_agg(distinct c.ancestor_key) into affected
    from dim_region r
    join region_closure c on c.descendant_key = r.region_key
    where r.region_code = any(p_region_codes);
    if affected is not null then
        perform refresh_region_keys(p_year, affected);
    end if;
end;
$$;
comment on function refresh_region_values(integer, text[]) is 'Brings the marts up to date after loads: recomputes the given regions and all their ancestors in one year. Run after a load commits, with the regions of the loaded units.';

create function refresh_marts() returns void language plpgsql as $$
declare
    y integer;
    all_regions integer[];
begin
    for y in select year from dim_year order by year loop
        perform pg_advisory_xact_lock(20261203, y);
    end loop;
    refresh materialized view concurrently region_closure;
    -- Not truncate: readers keep seeing the previous rows until this transaction commits.
    delete from mart_region_value;
    delete from mart_region_form;
    select array_agg(region_key) into all_regions from dim_region;
    for y in select distinct year from current_statistics_form order by year loop
        perform refresh_region_keys(y, all_regions);
    end loop;
end;
$$;
comment on function refresh_marts() is 'Rebuilds every mart from scratch; run after reference data changes (the region tree, the units). Loads use refresh_region_values().';
