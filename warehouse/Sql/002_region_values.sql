-- One number per region and year, never double counted.
--
-- A region's value is its own current statistics form when it has one ("reported": the form is taken as
-- consolidated, covering everything below it). Otherwise it is the sum of the forms below it that no reported
-- region in between already covers ("derived"). Departments attached to a region count as its sub-units.

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

-- The measures of every current, accepted statistics form in long format, totals included.
create view form_measure_value as
with form as (
    select s.submission_key, s.reporting_unit_key, s.year
    from dim_submission s
    where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
),
single as (
    select f.submission_key, m.measure_code, f.amount_wan::numeric as value, f.source_sheet, f.source_cell
    from fact_funding f join dim_funding_source m using (funding_source_key)
    union all
    select f.submission_key, m.measure_code, f.person_times::numeric, f.source_sheet, f.source_cell
    from fact_staffing f join dim_staff_type m using (staff_type_key)
    union all
    select f.submission_key, m.measure_code, f.person_times::numeric, f.source_sheet, f.source_cell
    from fact_participation f join dim_participation_channel m using (participation_channel_key)
    union all
    select o.submission_key, v.measure_code, v.value, o.source_sheet, v.cell
    from fact_outreach o
    cross join lateral (values
        ('activities', o.activities::numeric, o.activities_cell),
        ('media_outlets', o.media_outlets::numeric, o.media_outlets_cell),
        ('media_reports', o.media_reports::numeric, o.media_reports_cell),
        ('venues_opened', o.venues_opened::numeric, o.venues_opened_cell),
        ('institutions_opened', o.institutions_opened::numeric, o.institutions_opened_cell),
        ('universities_opened', o.universities_opened::numeric, o.universities_opened_cell)
    ) as v (measure_code, value, cell)
),
total as (
    -- A total is the sum of the parts that were filled in; null when none was.
    select f.submission_key, t.measure_code, sum(f.amount_wan)::numeric as value
    from fact_funding f
    join dim_funding_source s using (funding_source_key)
    cross join lateral (values ('funding_total'), (case when s.funding_group = 'fiscal' then 'funding_fiscal' else 'funding_nonfiscal' end)) as t (measure_code)
    group by f.submission_key, t.measure_code
    union all
    select submission_key, 'staff_total', sum(person_times)::numeric from fact_staffing group by submission_key
    union all
    select submission_key, 'participants_total', sum(person_times)::numeric from fact_participation group by submission_key
)
select f.submission_key, f.reporting_unit_key, f.year, v.measure_code, v.value, v.source_sheet, v.source_cell
from form f
join (
    select submission_key, measure_code, value, source_sheet, source_cell from single
    union all
    select submission_key, measure_code, value, null, null from total
) v using (submission_key);
comment on view form_measure_value is 'grain: one row per current accepted statistics form × measure code (totals included); source cell null for totals.';

create materialized view mart_region_value as
with form as (
    select s.submission_key, s.year, u.region_key, (u.unit_kind = 'government') as is_own
    from dim_submission s
    join dim_reporting_unit u using (reporting_unit_key)
    where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
),
reported as (
    select region_key, year, submission_key from form where is_own
),
-- A form contributes to ancestor A when A has no form of its own and no reported region strictly
-- between A and the form covers it (a department is covered by the region it is attached to).
contribution as (
    select c.ancestor_key as region_key, f.year, f.submission_key
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
),
covered_child as (
    -- Direct sub-regions that have a value: reported themselves, or with at least one contribution.
    select distinct c.ancestor_key as region_key, x.year, c.descendant_key as child_key
    from region_closure c
    join (
        select region_key, year from reported
        union
        select region_key, year from contribution
    ) x on x.region_key = c.descendant_key
    where c.depth = 1
),
coverage as (
    select region_key, year, count(*) as reporting_children from covered_child group by region_key, year
),
expected as (
    select ancestor_key as region_key, count(*) as expected_children from region_closure where depth = 1 group by ancestor_key
),
reported_value as (
    select r.region_key, r.year, v.measure_code, v.value, 'reported'::text as basis,
           r.submission_key, v.source_sheet, v.source_cell, 1 as contributing_forms
    from reported r
    join form_measure_value v using (submission_key)
),
derived_value as (
    select c.region_key, c.year, v.measure_code, sum(v.value) as value, 'derived'::text as basis,
           null::bigint as submission_key, null::text as source_sheet, null::text as source_cell,
           count(distinct c.submission_key)::integer as contributing_forms
    from contribution c
    join form_measure_value v using (submission_key)
    group by c.region_key, c.year, v.measure_code
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
    refresh materialized view concurrently mart_region_value;
end;
$$;
comment on function refresh_marts() is 'Brings the materialized views the dashboard reads up to date; run after loads and after reference data changes.';
