-- The dashboard's like-for-like comparison: which forms make up each region's number.
--
-- mart_region_value says what a region's number is; this says which current statistics forms it was made of, by the
-- same rule (the region's own form when it has one, otherwise the uncovered forms below it). Comparing two years
-- "like for like" keeps only the reporting units that contributed in both.

create materialized view mart_region_form as
with form as (
    select s.submission_key, s.year, s.reporting_unit_key, u.region_key, (u.unit_kind = 'government') as is_own
    from dim_submission s
    join dim_reporting_unit u using (reporting_unit_key)
    where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
),
reported as (
    select region_key, year, submission_key, reporting_unit_key from form where is_own
),
contribution as (
    select c.ancestor_key as region_key, f.year, f.submission_key, f.reporting_unit_key
    from form f
    join region_closure c on c.descendant_key = f.region_key
    where not (c.depth = 0 and f.is_own)
      and not exists (select 1 from reported r where r.region_key = c.ancestor_key and r.year = f.year)
      and not exists (
          select 1
          from region_closure below_a
          join reported r on r.region_key = below_a.descendant_key and r.year = f.year
          join region_closure above_form on above_form.ancestor_key = below_a.descendant_key
                                       and above_form.descendant_key = f.region_key
          where below_a.ancestor_key = c.ancestor_key
            and below_a.depth > 0
            and (above_form.depth > 0 or not f.is_own))
)
select region_key, year, submission_key, reporting_unit_key, 'reported'::text as basis from reported
union all
select region_key, year, submission_key, reporting_unit_key, 'derived'::text from contribution;
create unique index ux_mart_region_form on mart_region_form (region_key, year, submission_key);
comment on materialized view mart_region_form is 'grain: one row per region × year × current statistics form that makes up the region''s value in mart_region_value (its own form when reported, the uncovered forms below it when derived).';

create or replace function refresh_marts() returns void language plpgsql as $$
begin
    refresh materialized view concurrently region_closure;
    refresh materialized view concurrently mart_region_value;
    refresh materialized view concurrently mart_region_form;
end;
$$;
comment on function refresh_marts() is 'Brings the materialized views the dashboard reads up to date; run after loads and after reference data changes.';
