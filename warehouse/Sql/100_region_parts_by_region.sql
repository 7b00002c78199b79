-- region_parts_sum reads each form's values by its key. The region page and the data-quality page compare one region's
-- own figure with the sum of its parts; joining forms to statistics_measure_value made PostgreSQL sum the totals of
-- every form in the warehouse first (it cannot push a join's key into the view's grouped branch), about a second per
-- region page at national scale (3,219 regions, 29,204 forms). A lateral lookup per form (offset 0 keeps it one) reads
-- only the forms it needs. Same signature and result as 070; p_submissions (the own forms to compare; null: all)
-- narrows it to one region.
drop function region_parts_sum(integer, bigint[]);

set check_function_bodies = off;

create function region_parts_sum(p_year integer, p_submissions bigint[] default null)
returns table (region_key integer, year integer, measure_code text, own_value numeric, submission_key bigint, cell text,
               parts_value numeric, parts integer, reporting_children integer, expected_children integer)
language sql stable as $$
    with own_form as (
        select f.submission_key, f.region_key, f.year
        from current_statistics_form f
        where f.is_own and (p_year is null or f.year = p_year) and (p_submissions is null or f.submission_key = any(p_submissions))
    ),
    own as (
        select f.region_key, f.year, v.measure_code, v.value, f.submission_key, v.source_sheet || '!' || v.source_cell as cell
        from own_form f
        cross join lateral (
            select v.measure_code, v.value, v.source_sheet, v.source_cell
            from statistics_measure_value v where v.submission_key = f.submission_key offset 0
        ) v
        where v.value is not null
    ),
    part as (
        select c.ancestor_key as region_key, v.year, v.measure_code, v.value
        from own_form o
        join region_closure c on c.ancestor_key = o.region_key and c.depth = 1
        join mart_region_value v on v.region_key = c.descendant_key and v.year = o.year
        where v.value is not null
        union all
        select u.region_key, f.year, v.measure_code, v.value
        from own_form o
        join dim_reporting_unit u on u.region_key = o.region_key and u.unit_kind = 'department'
        join current_statistics_form f on f.reporting_unit_key = u.reporting_unit_key and f.year = o.year
        cross join lateral (
            select v.measure_code, v.value from statistics_measure_value v where v.submission_key = f.submission_key offset 0
        ) v
        where v.value is not null
    ),
    parts as (
        select p.region_key, p.year, p.measure_code, sum(p.value) as value, count(*)::integer as parts from part p group by 1, 2, 3
    ),
    -- Direct sub-regions with a value of their own (reported or derived) in the year, beside all of them.
    coverage as (
        select c.ancestor_key as region_key, o.year,
               count(*) filter (where exists (select 1 from mart_region_form m where m.region_key = c.descendant_key and m.year = o.year))::integer as reporting,
               count(*)::integer as expected
        from own_form o
        join region_closure c on c.ancestor_key = o.region_key and c.depth = 1
        group by 1, 2
    )
    select o.region_key, o.year, o.measure_code, o.value, o.submission_key, o.cell, p.value, p.parts,
           coalesce(cov.reporting, 0), coalesce(cov.expected, 0)
    from own o
    join parts p using (region_key, year, measure_code)
    left join coverage cov using (region_key, year)
$$;
comment on function region_parts_sum(integer, bigint[]) is 'Per region with its own current form, year (null: every year) and measure: its own figure, the sum of its direct sub-regions and attached departments, and how many of its direct sub-regions have a value (of all of them). p_submissions: only these own forms (null: all).';
