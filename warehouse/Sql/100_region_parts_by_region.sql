-- region_parts_sum for one region: the region page and the data-quality page compare one region's own figure with the
-- sum of its parts. Computing every region of the year and filtering afterwards, and summing the totals of every form
-- to find the departments' ones, took about a second per region page at national scale (3,219 regions, 29,204 forms).
-- p_region (a region_key; null for every region, as refresh_findings reads it) narrows each branch before the sums.
drop function region_parts_sum(integer);

set check_function_bodies = off;

create function region_parts_sum(p_year integer, p_region integer default null)
returns table (region_key integer, year integer, measure_code text, own_value numeric, submission_key bigint, cell text,
               parts_value numeric, parts integer)
language sql stable as $$
    with own as (
        select v.region_key, v.year, v.measure_code, v.value, v.submission_key, v.source_sheet || '!' || v.source_cell as cell
        from mart_region_value v
        where v.basis = 'reported' and v.value is not null and (p_year is null or v.year = p_year)
          and (p_region is null or v.region_key = p_region)
    ),
    part as (
        select c.ancestor_key as region_key, v.year, v.measure_code, v.value
        from region_closure c
        join mart_region_value v on v.region_key = c.descendant_key
        where c.depth = 1 and v.value is not null and (p_year is null or v.year = p_year)
          and (p_region is null or c.ancestor_key = p_region)
        union all
        -- The departments' forms are few: read each one's values by its key (offset 0 keeps the lookup per form,
        -- where a join to form_measure_value would first sum the totals of every form in the warehouse).
        select u.region_key, f.year, v.measure_code, v.value
        from current_statistics_form f
        join dim_reporting_unit u using (reporting_unit_key)
        cross join lateral (
            select v.measure_code, v.value from statistics_measure_value v where v.submission_key = f.submission_key offset 0
        ) v
        where u.unit_kind = 'department' and v.value is not null and (p_year is null or f.year = p_year)
          and (p_region is null or u.region_key = p_region)
    ),
    parts as (
        select region_key, year, measure_code, sum(value) as value, count(*)::integer as parts from part group by 1, 2, 3
    )
    select o.region_key, o.year, o.measure_code, o.value, o.submission_key, o.cell, p.value, p.parts
    from own o join parts p using (region_key, year, measure_code)
$$;
comment on function region_parts_sum(integer, integer) is 'Per reported region (p_region: one region_key; null: every region), year (null: every year) and measure: its own figure and the sum of its direct sub-regions and attached departments.';
