-- The checks at import read their peers' statistics instead of recomputing them per file.
--
-- 070's finding_candidates, asked about one form, read the values of every form of its year and the two before (to find
-- the form's earlier forms and its peers' median and percentiles): about 0.5 ms per form read, so a file's check grew
-- with the warehouse (170 ms for one form among 300, seconds at national scale), and an import of 3,000 county forms
-- spent most of its time there. Now:
--
-- * peer_band holds, per year, peer level and measure, the peers' median of each funding line (for unit_slip) and the
--   1st and 99th percentile of each ratio (for ratio_outlier). refresh_findings() recomputes every year's bands,
--   refresh_findings(year, unit codes) the loaded year's, before rechecking the forms; so the bands are those of the
--   forms in the warehouse at the last refresh. A form checked at import is compared with the bands as they stand (its
--   own year's forms loaded before the last refresh); the refresh after the load rechecks it and its peers with the
--   bands the load moved. A year with no bands yet gets no peer checks at import, only after the refresh.
-- * finding_candidates reads only the checked forms and their units' earlier forms within two years.
-- * region_parts_sum is asked only about own forms of regions that have parts (sub-regions or attached departments).
-- * The peer level (a department's peers are departments, a region's its level) and the ratios are defined once, in
--   peer_level() and the view statistics_form_ratio (in Current/marts.sql, beside the view it reads), for the bands
--   and the checks.
-- * record_findings takes the forms of a whole import transaction, once before its commit (070's took one form, once
--   per file).
-- * The bands fill at the next refresh_findings(), or for a year at the next load of it.

set check_function_bodies = off;

create function peer_level(p_unit_kind text, p_region_level text) returns text language sql immutable as $$
    select case when p_unit_kind = 'department' then 'department' else p_region_level end
$$;
comment on function peer_level(text, text) is 'Who a form is compared with: departments with departments, a region''s own body with the bodies of regions at the same level.';

create table peer_band (
    year            integer not null,
    peer_level      text not null,
    kind            text not null check (kind in ('funding_median', 'ratio_band')),
    measure_code    text not null references dim_measure (measure_code),
    forms           integer not null,
    median          numeric,
    low             numeric,
    high            numeric,
    primary key (year, peer_level, kind, measure_code)
);
comment on table peer_band is 'grain: one row per year × peer level × kind × measure: funding_median, the median of an on-form funding line over the current forms of that level (unit_slip); ratio_band, the 1st and 99th percentile of a ratio (statistics_form_ratio) over them (ratio_outlier). Kept by refresh_peer_bands(), which refresh_findings runs.';

create function refresh_peer_bands(p_years integer[]) returns void language sql as $$
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
$$;
comment on function refresh_peer_bands(integer[]) is 'Recomputes peer_band for the given years (null: all) from the current statistics forms.';

drop function refresh_findings(integer, text[]);
drop function refresh_findings();
drop function record_findings(bigint);
drop function finding_candidates(bigint[]);

create function finding_candidates(p_submissions bigint[])
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
    ratio_outlier as (
        select r.submission_key, 'ratio_outlier'::text, r.measure_code, r.cell,
               format('%s为 %s %s，超出同级 %s 份报表的第1至第99百分位（%s 至 %s），请核实。', r.name, trim_scale(round(r.value, 2)), r.unit,
                      b.forms, trim_scale(round(b.low, 2)), trim_scale(round(b.high, 2)))
        from statistics_form_ratio r
        join checked_form k using (submission_key)
        join peer_band b on b.year = k.year and b.peer_level = k.peer_level and b.kind = 'ratio_band' and b.measure_code = r.measure_code
        where b.forms >= 20 and (r.value < b.low or r.value > b.high)
          and (p_submissions is null or r.submission_key = any(array(select c.submission_key from checked_form c)))
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

-- At import, once per transaction of files, before its commit: the findings of the given forms, recorded, added to
-- their check reports (submission_issue) as warnings, and their status made warning; returned for the import lines.
-- Planned with the forms given (execute), so the look-ups go by key.
create function record_findings(p_submissions bigint[])
returns table (submission_key bigint, rule text, measure_code text, cell text, message text)
language plpgsql as $$
begin
    return query execute $q$
    with found as (
        select * from finding_candidates($1)
    ), recorded as (
        insert into data_finding (submission_key, rule, measure_code, cell, message)
        select f.submission_key, f.rule, f.measure_code, f.cell, f.message from found f
        on conflict on constraint data_finding_submission_key_rule_measure_code_key do update set message = excluded.message, cell = excluded.cell
        returning data_finding.submission_key, data_finding.rule, data_finding.measure_code, data_finding.cell, data_finding.message
    ), issues as (
        insert into submission_issue (submission_key, issue_number, severity, code, message, cell)
        select r.submission_key,
               coalesce((select max(i.issue_number) from submission_issue i where i.submission_key = r.submission_key), 0)
               + row_number() over (partition by r.submission_key order by r.rule, r.measure_code), 'warning', r.rule, r.message, r.cell
        from recorded r
    ), flagged as (
        update dim_submission s set status = 'warning'
        where s.submission_key in (select r.submission_key from recorded r) and s.status = 'accepted'
    )
    select r.submission_key, r.rule, r.measure_code, r.cell, r.message from recorded r order by r.submission_key, r.rule, r.measure_code
    $q$ using p_submissions;
end;
$$;
comment on function record_findings(bigint[]) is 'Runs the checks on the given current statistics forms as they are loaded and records what they find in data_finding and in each form''s check report.';

create function refresh_findings() returns void language sql as $$
    select refresh_peer_bands(null);
    select store_findings(null);
$$;
comment on function refresh_findings() is 'Recomputes every year''s peer bands and runs the checks on every current statistics form; run after refresh_marts().';

create function refresh_findings(p_year integer, p_unit_codes text[]) returns void language plpgsql as $$
declare
    checked bigint[];
begin
    perform refresh_peer_bands(array[p_year]);
    with loaded as (
        select u.reporting_unit_key, u.region_key, peer_level(u.unit_kind, r.level) as peer_level
        from dim_reporting_unit u join dim_region r using (region_key)
        where u.unit_code = any(p_unit_codes)
    )
    select array_agg(f.submission_key) into checked
    from current_statistics_form f
    join dim_reporting_unit u using (reporting_unit_key)
    join dim_region r on r.region_key = u.region_key
    where (f.year between p_year and p_year + 2 and f.reporting_unit_key in (select reporting_unit_key from loaded))
       or (f.year = p_year and peer_level(u.unit_kind, r.level) in (select peer_level from loaded))
       or (f.year = p_year and f.is_own
           and f.region_key in (select c.ancestor_key from region_closure c where c.descendant_key in (select region_key from loaded)));
    if checked is not null then
        perform store_findings(checked);
    end if;
end;
$$;
comment on function refresh_findings(integer, text[]) is 'Brings the peer bands of the year and the findings up to date after loads of the given units in one year: their forms of that year and the two after, the year''s forms at their levels, and the own forms of the regions above them. Run after refresh_region_values().';

reset check_function_bodies;

