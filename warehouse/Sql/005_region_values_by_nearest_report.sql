-- The one-number rule, computed from the nearest reported region instead of pairwise "nothing in between" checks.
--
-- Walking up from a form, the first region that sent its own form covers it. So a form counts toward every region on
-- its way up until (not including) that nearest reported one: one grouped join over region_closure instead of nested
-- NOT EXISTS per ancestor, which took tens of seconds at a few thousand county forms.
-- mart_region_form (which forms make up each region's number) is now the base of mart_region_value, so the two
-- cannot disagree.

drop function refresh_marts();
drop materialized view mart_region_value;
drop materialized view mart_region_form;

create materialized view mart_region_form as
with form as (
    select s.submission_key, s.year, s.reporting_unit_key, u.region_key, (u.unit_kind = 'government') as is_own
    from dim_submission s
    join dim_reporting_unit u using (reporting_unit_key)
    where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
),
reported as (
    select region_key, year from form where is_own
),
-- The regions a form may count toward: from its own region (a department's form) or its region's parent (a region's
-- own form, which is that region's reported value) up to the nation, with the distance walked.
form_path as (
    select f.submission_key, f.year, f.reporting_unit_key, c.ancestor_key, c.depth
    from form f
    join region_closure c on c.descendant_key = f.region_key
    where c.depth > 0 or not f.is_own
),
covered_at as (
    select p.submission_key, min(p.depth) as depth
    from form_path p
    join reported r on r.region_key = p.ancestor_key and r.year = p.year
    group by p.submission_key
)
select f.region_key, f.year, f.submission_key, f.reporting_unit_key, 'reported'::text as basis
from form f
where f.is_own
union all
select p.ancestor_key, p.year, p.submission_key, p.reporting_unit_key, 'derived'::text
from form_path p
left join covered_at c using (submission_key)
where c.depth is null or p.depth < c.depth;
create unique index ux_mart_region_form on mart_region_form (region_key, year, submission_key);
create index ix_mart_region_form_submission on mart_region_form (submission_key);
comment on materialized view mart_region_form is 'grain: one row per region × year × current statistics form that makes up the region''s value in mart_region_value (its own form when reported, the uncovered forms below it when derived).';

create materialized view mart_region_value as
with coverage as (
    -- Direct sub-regions that have a value of their own, reported or derived.
    select c.ancestor_key as region_key, m.year, count(distinct c.descendant_key) as reporting_children
    from region_closure c
    join (select distinct region_key, year from mart_region_form) m on m.region_key = c.descendant_key
    where c.depth = 1
    group by c.ancestor_key, m.year
),
expected as (
    select ancestor_key as region_key, count(*) as expected_children from region_closure where depth = 1 group by ancestor_key
),
reported_value as (
    select m.region_key, m.year, v.measure_code, v.value, 'reported'::text as basis,
           m.submission_key, v.source_sheet, v.source_cell, 1 as contributing_forms
    from mart_region_form m
    join form_measure_value v using (submission_key)
    where m.basis = 'reported'
),
derived_value as (
    select m.region_key, m.year, v.measure_code, sum(v.value) as value, 'derived'::text as basis,
           null::bigint as submission_key, null::text as source_sheet, null::text as source_cell,
           count(*)::integer as contributing_forms
    from mart_region_form m
    join form_measure_value v using (submission_key)
    where m.basis = 'derived'
    group by m.region_key, m.year, v.measure_code
)
select v.region_key, v.year, v.measure_code, v.value, v.basis, v.submission_key, v.source_sheet, v.source_cell,
       v.contributing_forms,
       coalesce(cov.reporting_children, 0)::integer as reporting_children,
       coalesce(e.expected_children, 0)::integer as expected_children
from (select * from reported_value union all select * from derived_value) v
left join coverage cov on cov.region_key = v.region_key and cov.year = v.year
left join expected e on e.region_key = v.region_key;
create unique index ux_mart_region_value on mart_region_value (region_key, year, measure_code);
create index ix_mart_region_value_year_measure on mart_region_value (year, measure_code);
comment on materialized view mart_region_value is 'grain: one row per region × year × measure that has a value: basis reported (the region''s own current form, with its source cell) or derived (sum of the uncovered forms below it, with contributing_forms and child coverage). Refresh with refresh_marts().';

create function refresh_marts() returns void language plpgsql as $$
begin
    refresh materialized view concurrently region_closure;
    refresh materialized view concurrently mart_region_form;
    refresh materialized view concurrently mart_region_value;
end;
$$;
comment on function refresh_marts() is 'Brings the materialized views the dashboard reads up to date; run after loads and after reference data changes.';
