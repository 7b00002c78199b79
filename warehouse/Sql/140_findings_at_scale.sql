-- The checks against other forms stay linear in the forms they check, whatever the planner knows of the tables.
--
-- Measured on a warehouse of 3,000 county forms of one year, after ANALYZE (as autovacuum leaves it after a large
-- import): refresh_findings(2024, the 2,849 loaded counties) took 74 s, finding_candidates of the 2,849 forms 85 s.
-- Before any statistics the same call took about 1.3 s, so the import's refresh depended on whether autovacuum had
-- come by.
--
-- * finding_candidates: ratio_outlier joined the ratio view with the checked forms and their peer bands in one step;
--   with statistics, the forms joined with their bands were estimated at one row and the view was rescanned for each
--   of them, a nested loop over 8,547 × 8,547 ratio rows. The ratios of the checked forms are now read once into
--   checked_ratio (by key, as before) together with their form's year and peer level, and joined with the bands after:
--   0.59 s for the 2,849 forms, 19 ms for 50 (44 ms before).
-- * refresh_peer_bands was a SQL function, whose statements are planned without the years given: `p_years is null or`
--   kept every filter from the indexes and left the ratios' key filter a linear search through an array of every form
--   of the year for each fact row (0.5 s for one year of 2,849 forms). As PL/pgSQL its statements are planned with
--   the years given: 0.11-0.14 s. It and store_findings (whose statement takes finding_candidates inline) are planned
--   with their arguments every time (plan_cache_mode), since the plan a session caches after five calls is planned
--   without them and brings the linear searches back.
-- * The checks run without JIT compilation (a setting of the functions that run them, so it holds on every server and
--   in every database made from this one). Their statements are estimated above jit_above_cost at a few thousand
--   forms, and compiling them cost more than running them: store_findings of the 2,849 forms took 5.0 s with JIT and
--   0.5-0.8 s without it, with the same plan. (refresh_region_values and refresh_marts gain or lose nothing by it:
--   0.87-1.39 s and 1.15-1.26 s either way.) finding_candidates itself carries no setting, which would keep it from
--   being taken inline into its callers' statements.
-- The functions keep their signatures and results; only how they are planned changes.

create or replace function refresh_peer_bands(p_years integer[]) returns void language plpgsql
set plan_cache_mode = force_custom_plan set jit = off as $$
begin
    delete from peer_band where p_years is null or year = any(p_years);
    with form as (
        select f.submission_key, f.year, peer_level(u.unit_kind, r.level) as peer_level
        from current_statistics_form f
        join dim_reporting_unit u using (reporting_unit_key)
        join dim_region r on r.region_key = u.region_key
        where p_years is null or f.year = any(p_years)
    )
    insert into peer_band (year, peer_level, kind, measure_code, forms, median, low, high)
    select f.year, f.peer_level, 'funding_median', v.measure_code, count(*),
           percentile_cont(0.5) within group (order by v.value)::numeric, null, null
    from form f
    join fact_statistics_value v using (submission_key)
    join dim_measure m using (measure_code)
    where m.measure_group = 'funding' and v.value is not null and v.source_cell is not null
    group by f.year, f.peer_level, v.measure_code
    union all
    select f.year, f.peer_level, 'ratio_band', r.measure_code, count(*), null,
           percentile_cont(0.01) within group (order by r.value)::numeric, percentile_cont(0.99) within group (order by r.value)::numeric
    from form f
    join statistics_form_ratio r using (submission_key)
    where p_years is null or r.submission_key = any(array(select submission_key from form))
    group by f.year, f.peer_level, r.measure_code;
end;
$$;
comment on function refresh_peer_bands(integer[]) is 'Recomputes peer_band for the given years (null: all) from the current statistics forms.';

alter function store_findings(bigint[]) set plan_cache_mode = force_custom_plan;
alter function store_findings(bigint[]) set jit = off;
alter function record_findings(bigint[]) set jit = off;
alter function refresh_findings() set jit = off;
alter function refresh_findings(integer, text[]) set jit = off;

set check_function_bodies = off;

create or replace function finding_candidates(p_submissions bigint[])
returns table (submission_key bigint, rule text, measure_code text, cell text, message text)
language sql stable as $$
    with checked_form as (
        select f.submission_key, f.reporting_unit_key, f.year, f.region_key, f.is_own, peer_level(u.unit_kind, r.level) as peer_level
        from current_statistics_form f
        join dim_reporting_unit u using (reporting_unit_key)
        join dim_region r on r.region_key = u.region_key
        where p_submissions is null or f.submission_key = any(p_submissions)
    ),
    -- The unit's nearest earlier form within two years.
    prior as (
        select distinct on (k.submission_key) k.submission_key, f.submission_key as prior_key, f.year as prior_year,
               case when f.year = k.year - 1 then '上年' else format('%s年', f.year) end as prior_label
        from checked_form k
        join current_statistics_form f on f.reporting_unit_key = k.reporting_unit_key and f.year between k.year - 2 and k.year - 1
        order by k.submission_key, f.year desc
    ),
    read_form as (
        select k.submission_key from checked_form k union select p.prior_key from prior p
    ),
    form_value as (
        select v.submission_key, v.measure_code, v.value, v.source_sheet || '!' || v.source_cell as cell
        from statistics_measure_value v
        join read_form using (submission_key)
        where v.value is not null
          -- Reaches both branches of the view, so only these forms' totals are summed.
          and (p_submissions is null or v.submission_key = any(array(select k.submission_key from read_form k)))
    ),
    checked as (
        select v.*, k.year, k.peer_level, m.name_zh, m.unit_zh, m.measure_group
        from form_value v
        join checked_form k using (submission_key)
        join dim_measure m using (measure_code)
    ),
    -- On-form values (they have a cell) beside the same unit's value on its earlier form, where there is one.
    with_previous as (
        select c.*, p.value as previous_value, pr.prior_label
        from checked c
        left join prior pr using (submission_key)
        left join form_value p on p.submission_key = pr.prior_key and p.measure_code = c.measure_code
        where c.cell is not null
    ),
    unit_slip as (
        select c.submission_key, 'unit_slip'::text as rule, c.measure_code, c.cell,
               format('%s为 %s 万元，约为%s的 %s 倍，疑似把“元”数填进了“万元”栏，请核实单位。', c.name_zh, trim_scale(c.value),
                      case when c.previous_value > 0 and c.value >= 1000 * c.previous_value then format('%s（%s 万元）', c.prior_label, trim_scale(c.previous_value))
                           else format('同级单位中位数（%s 万元）', trim_scale(round(pm.median, 2))) end,
                      trim_scale(round(c.value / case when c.previous_value > 0 and c.value >= 1000 * c.previous_value then c.previous_value else pm.median end, 0))) as message
        from with_previous c
        left join peer_band pm on pm.year = c.year and pm.peer_level = c.peer_level and pm.kind = 'funding_median' and pm.measure_code = c.measure_code
        where c.measure_group = 'funding'
          and ((c.previous_value > 0 and c.value >= 1000 * c.previous_value) or (pm.forms >= 5 and pm.median > 0 and c.value >= 1000 * pm.median))
    ),
    -- More than 3× or under ⅓ of the earlier form, both above a floor: counts at least 20 (2 → 7 venues is no jump);
    -- money at least 0.1 万元 with at least 2 万元 moved (0.3 → 1.0 万元 is one sponsor more, 0.52 → 4.24 is worth a call).
    yoy_jump as (
        select a.submission_key, 'yoy_jump'::text, a.measure_code, a.cell,
               case when a.value > 3 * a.previous_value
                    then format('%s为 %s %s，是%s（%s %s）的 %s 倍，请核实。', a.name_zh, trim_scale(a.value), a.unit_zh, a.prior_label,
                                trim_scale(a.previous_value), a.unit_zh, trim_scale(round(a.value / a.previous_value, 1)))
                    else format('%s为 %s %s，仅为%s（%s %s）的 %s%%，请核实。', a.name_zh, trim_scale(a.value), a.unit_zh, a.prior_label,
                                trim_scale(a.previous_value), a.unit_zh, trim_scale(round(100 * a.value / a.previous_value, 1))) end
        from with_previous a
        where a.previous_value is not null
          and (a.value > 3 * a.previous_value or 3 * a.value < a.previous_value)
          and case when a.measure_group = 'funding' then least(a.value, a.previous_value) >= 0.1 and abs(a.value - a.previous_value) >= 2
                   else least(a.value, a.previous_value) >= 20 end
          and not exists (select 1 from unit_slip u where u.submission_key = a.submission_key and u.measure_code = a.measure_code)
    ),
    -- Outside the 1st-99th percentile of the forms at the same level in the same year, where there are at least 20.
    -- The ratios of the checked forms are read once, by key, and joined with the forms before the bands: joined with
    -- the forms and bands at once, the planner's estimate of one form made it a nested loop over the view, quadratic
    -- in the forms checked (85 s for 2,849 forms once the tables had statistics).
    checked_ratio as materialized (
        select r.*, k.year, k.peer_level
        from statistics_form_ratio r
        join checked_form k using (submission_key)
        where p_submissions is null or r.submission_key = any(array(select c.submission_key from checked_form c))
    ),
    ratio_outlier as (
        select r.submission_key, 'ratio_outlier'::text, r.measure_code, r.cell,
               format('%s为 %s %s，超出同级 %s 份报表的第1至第99百分位（%s 至 %s），请核实。', r.name, trim_scale(round(r.value, 2)), r.unit,
                      b.forms, trim_scale(round(b.low, 2)), trim_scale(round(b.high, 2)))
        from checked_ratio r
        join peer_band b on b.year = r.year and b.peer_level = r.peer_level and b.kind = 'ratio_band' and b.measure_code = r.measure_code
        where b.forms >= 20 and (r.value < b.low or r.value > b.high)
    ),
    -- A region's own form beside the sum of the units below it (on-form measures, each with its cell); only regions
    -- that have parts are asked.
    region_parts as (
        select s.*, m.name_zh, m.unit_zh, m.measure_group
        from (select array(select k.submission_key from checked_form k
                           where k.is_own
                             and (exists (select 1 from dim_region c where c.parent_region_key = k.region_key)
                                  or exists (select 1 from dim_reporting_unit d where d.region_key = k.region_key and d.unit_kind = 'department'))) as keys) a
        cross join lateral region_parts_sum(null, case when p_submissions is null then null else a.keys end) s
        join dim_measure m using (measure_code)
        where (p_submissions is null or cardinality(a.keys) > 0)
          and s.cell is not null and s.submission_key in (select submission_key from checked_form)
    ),
    children_exceed_parent as (
        select s.submission_key, 'children_exceed_parent'::text, s.measure_code, s.cell,
               format('本级填报的%s为 %s %s，而下级 %s 个单位合计 %s %s，超出 %s %s，请核实是否漏汇总。', s.name_zh, trim_scale(s.own_value), s.unit_zh,
                      s.parts, trim_scale(s.parts_value), s.unit_zh, trim_scale(s.parts_value - s.own_value), s.unit_zh)
        from region_parts s
        where s.parts_value > s.own_value
    ),
    -- More than twice the sum of its sub-units while at least three quarters of its sub-regions reported, above the
    -- same floors as yoy_jump.
    parent_exceeds_children as (
        select s.submission_key, 'parent_exceeds_children'::text, s.measure_code, s.cell,
               format('本级填报的%s为 %s %s，是下级 %s 个单位合计（%s %s）的 %s 倍（直属下级地区 %s/%s 个已报送），本级自办部分超过了下级之和，请核实是否重复汇总或填错。',
                      s.name_zh, trim_scale(s.own_value), s.unit_zh, s.parts, trim_scale(s.parts_value), s.unit_zh,
                      trim_scale(round(s.own_value / s.parts_value, 1)), s.reporting_children, s.expected_children)
        from region_parts s
        where s.expected_children > 0 and 4 * s.reporting_children >= 3 * s.expected_children
          and s.own_value > 2 * s.parts_value
          and case when s.measure_group = 'funding' then s.parts_value >= 0.1 and s.own_value - s.parts_value >= 2
                   else s.parts_value >= 20 end
    ),
    -- A total line that differs from the sum of the parts filled in (by more than rounding: half a hundredth of 万元).
    total_mismatch as (
        select t.submission_key, 'total_mismatch'::text, t.measure_code, t.source_sheet || '!' || t.source_cell,
               format('%s填报为 %s %s，而各分项之和为 %s %s，相差 %s %s，请核实。', m.name_zh, trim_scale(t.value), m.unit_zh,
                      trim_scale(coalesce(c.value, 0)), m.unit_zh, trim_scale(abs(t.value - coalesce(c.value, 0))), m.unit_zh)
        from statistics_reported_total t
        join dim_measure m using (measure_code)
        left join checked c on c.submission_key = t.submission_key and c.measure_code = t.measure_code and c.cell is null
        where t.submission_key in (select submission_key from checked_form)
          and abs(t.value - coalesce(c.value, 0)) > 0.005
    )
    select * from unit_slip
    union all select * from yoy_jump
    union all select * from total_mismatch
    union all select * from ratio_outlier
    union all select * from children_exceed_parent
    union all select * from parent_exceeds_children
$$;
comment on function finding_candidates(bigint[]) is 'What the checks flag for the given current statistics forms (null: every current form), against the peer bands as they stand.';

reset check_function_bodies;
