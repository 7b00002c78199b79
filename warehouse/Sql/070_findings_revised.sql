-- The checks that need other data, second version (031 has the first):
--
-- * yoy_jump and unit_slip compare a form with the unit's nearest earlier form within two years, not only the year
--   before: about one unit in twelve misses a year, and the form after the gap was not checked at all. Further back
--   than two years the 3× band no longer says much (the enterprise share alone triples over four weeks).
-- * yoy_jump's floor on money: both values at least 0.1 万元 (1,000 元) and a change of at least 2 万元. County forms
--   report sponsorship and in-kind lines of a few thousand 元, so a floor of 1 万元 on the smaller value hid a new
--   sponsor of 37,000 元 (0.52 → 4.24 万元); what makes a jump on a small line noise is that little money moves.
--   Counts keep their floor of 20 on both values (2 → 7 venues is no jump).
-- * parent_exceeds_children: a reported region whose own figure is more than twice the sum of its sub-units while at
--   least three quarters of its sub-regions reported: its own events (and the few missing sub-regions) would then be
--   more than everything below it did together, which is what a double count or a typo in the consolidated form looks
--   like. Not every sub-region: some county is missing in most years (late or never), and the check would hardly run.
-- * children_exceed_parent and parent_exceeds_children read the region's own figure from its form, not the marts, so
--   they run at import too (the sub-units' figures come from the marts, which the parent's form does not change).
-- * refresh_findings(year, unit codes) rechecks only what a load can change: the loaded units' forms of that year
--   and of the two years after (they compare with it), the year's forms at the loaded units' levels (their peers'
--   median and percentiles moved) and the own forms of the regions above the loaded units (their sum of parts moved).
--   refresh_findings() still rechecks everything, after reference-data changes.
-- * total_mismatch: the national form has no total line, but offices add one (经费合计, 小计, 群众参与合计); the reader
--   keeps what such a line says in statistics_reported_total and the check compares it with the sum of the parts.

alter table data_finding drop constraint data_finding_rule_check;
alter table data_finding add constraint data_finding_rule_check
    check (rule in ('yoy_jump', 'unit_slip', 'ratio_outlier', 'total_mismatch', 'children_exceed_parent', 'parent_exceeds_children'));

create table statistics_reported_total (
    submission_key      bigint not null references dim_submission (submission_key),
    measure_code        text not null references dim_measure (measure_code),
    value               numeric not null,
    source_sheet        text not null,
    source_cell         text not null,
    primary key (submission_key, measure_code)
);
comment on table statistics_reported_total is 'grain: one row per statistics form (any version) × total line it carries (经费合计 …, a total measure code): the value written there, which the warehouse does not use as the total (that is the sum of the parts); read by the check total_mismatch.';

set check_function_bodies = off;

drop function refresh_findings();
drop function record_findings(bigint);
drop function finding_candidates(bigint);
drop function region_parts_sum(integer);

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
        join statistics_measure_value v using (submission_key)
        where v.value is not null and (p_submissions is null or v.submission_key = any(p_submissions))
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
        join statistics_measure_value v on v.submission_key = f.submission_key
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

create function finding_candidates(p_submissions bigint[])
returns table (submission_key bigint, rule text, measure_code text, cell text, message text)
language sql stable as $$
    with checked_year as (
        select distinct s.year from dim_submission s where p_submissions is null or s.submission_key = any(p_submissions)
    ),
    form as (
        select f.submission_key, f.reporting_unit_key, f.year, f.region_key, f.is_own,
               case when u.unit_kind = 'department' then 'department' else r.level end as peer_level
        from current_statistics_form f
        join dim_reporting_unit u using (reporting_unit_key)
        join dim_region r on r.region_key = u.region_key
        where f.year in (select y.year - back from checked_year y cross join generate_series(0, 2) as back)
    ),
    form_value as (
        select f.submission_key, f.reporting_unit_key, f.year, f.peer_level, v.measure_code, v.value,
               v.source_sheet || '!' || v.source_cell as cell, m.name_zh, m.unit_zh, m.measure_group
        from form f
        join statistics_measure_value v using (submission_key)
        join dim_measure m using (measure_code)
        where v.value is not null
          -- Reaches both branches of the view, so only these forms' totals are summed.
          and (p_submissions is null or v.submission_key = any(array(select k.submission_key from form k)))
    ),
    checked_form as (
        select * from form
        where (p_submissions is null or submission_key = any(p_submissions)) and year in (select year from checked_year)
    ),
    checked as (
        select v.* from form_value v where v.submission_key in (select submission_key from checked_form)
    ),
    -- The unit's nearest earlier form within two years.
    prior as (
        select n.submission_key, n.prior_key, n.prior_year,
               case when n.prior_year = n.year - 1 then '上年' else format('%s年', n.prior_year) end as prior_label
        from (
            select k.submission_key, k.year, f.submission_key as prior_key, f.year as prior_year,
                   row_number() over (partition by k.submission_key order by f.year desc) as nearest
            from checked_form k
            join form f on f.reporting_unit_key = k.reporting_unit_key and f.year between k.year - 2 and k.year - 1
        ) n
        where n.nearest = 1
    ),
    -- On-form values (they have a cell) beside the same unit's value on its earlier form, where there is one.
    with_previous as (
        select c.*, p.value as previous_value, pr.prior_label
        from checked c
        left join prior pr using (submission_key)
        left join form_value p on p.submission_key = pr.prior_key and p.measure_code = c.measure_code
        where c.cell is not null
    ),
    peer_median as (
        select year, peer_level, measure_code, percentile_cont(0.5) within group (order by value) as median, count(*) as forms
        from form_value
        where measure_group = 'funding' and cell is not null and year in (select year from checked_year)
        group by year, peer_level, measure_code
    ),
    unit_slip as (
        select c.submission_key, 'unit_slip'::text as rule, c.measure_code, c.cell,
               format('%s为 %s 万元，约为%s的 %s 倍，疑似把“元”数填进了“万元”栏，请核实单位。', c.name_zh, trim_scale(c.value),
                      case when c.previous_value > 0 and c.value >= 1000 * c.previous_value then format('%s（%s 万元）', c.prior_label, trim_scale(c.previous_value))
                           else format('同级单位中位数（%s 万元）', trim_scale(round(pm.median::numeric, 2))) end,
                      trim_scale(round(c.value / case when c.previous_value > 0 and c.value >= 1000 * c.previous_value then c.previous_value else pm.median::numeric end, 0))) as message
        from with_previous c
        left join peer_median pm on pm.year = c.year and pm.peer_level = c.peer_level and pm.measure_code = c.measure_code
        where c.measure_group = 'funding'
          and ((c.previous_value > 0 and c.value >= 1000 * c.previous_value) or (pm.forms >= 5 and pm.median > 0 and c.value >= 1000 * pm.median::numeric))
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
    pivot as (
        select v.submission_key, v.year, v.peer_level,
               max(v.value) filter (where v.measure_code = 'activities') as activities,
               max(v.cell) filter (where v.measure_code = 'activities') as activities_cell,
               max(v.value) filter (where v.measure_code = 'participants_total') as participants,
               max(v.value) filter (where v.measure_code = 'funding_total') as funding,
               max(v.value) filter (where v.measure_code = 'media_outlets') as outlets,
               max(v.value) filter (where v.measure_code = 'media_reports') as reports,
               max(v.cell) filter (where v.measure_code = 'media_reports') as reports_cell
        from form_value v
        where v.year in (select year from checked_year)
        group by v.submission_key, v.year, v.peer_level
    ),
    ratio as (
        select p.submission_key, p.year, p.peer_level, r.measure_code, r.name, r.unit, r.value, r.cell
        from pivot p
        cross join lateral (values
            ('participants_total', '场均参与人次（群众参与合计 ÷ 活动次数）', '人次/次', p.participants / nullif(p.activities, 0), p.activities_cell),
            ('funding_total', '场均经费（活动经费合计 ÷ 活动次数）', '万元/次', p.funding / nullif(p.activities, 0), p.activities_cell),
            ('media_reports', '每家媒体报道数（宣传报道数量 ÷ 参与媒体数量）', '篇/家', p.reports / nullif(p.outlets, 0), p.reports_cell)
        ) as r (measure_code, name, unit, value, cell)
        where r.value is not null
    ),
    -- Outside the 1st-99th percentile of the forms at the same level in the same year, where there are at least 20.
    ratio_band as (
        select year, peer_level, measure_code, count(*) as forms,
               percentile_cont(0.01) within group (order by value) as low, percentile_cont(0.99) within group (order by value) as high
        from ratio group by year, peer_level, measure_code
    ),
    ratio_outlier as (
        select r.submission_key, 'ratio_outlier'::text, r.measure_code, r.cell,
               format('%s为 %s %s，超出同级 %s 份报表的第1至第99百分位（%s 至 %s），请核实。', r.name, trim_scale(round(r.value, 2)), r.unit,
                      b.forms, trim_scale(round(b.low::numeric, 2)), trim_scale(round(b.high::numeric, 2)))
        from ratio r
        join ratio_band b using (year, peer_level, measure_code)
        where b.forms >= 20 and (r.value < b.low::numeric or r.value > b.high::numeric)
          and r.submission_key in (select submission_key from checked_form)
    ),
    -- A region's own form beside the sum of the units below it (on-form measures, each with its cell).
    region_parts as (
        select s.*, m.name_zh, m.unit_zh, m.measure_group
        from region_parts_sum(null, case when p_submissions is null then null
                                         else array(select k.submission_key from checked_form k where k.is_own) end) s
        join dim_measure m using (measure_code)
        where s.cell is not null and s.submission_key in (select submission_key from checked_form)
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
comment on function finding_candidates(bigint[]) is 'What the checks flag for the given current statistics forms (null: every current form).';

-- At import, in the load's transaction: the form's findings, recorded, added to its check report (submission_issue) as
-- warnings, and its status made warning; returned for the import line.
create function record_findings(p_submission bigint)
returns table (rule text, measure_code text, cell text, message text)
language plpgsql as $$
#variable_conflict use_column
begin
    return query
    with found as (
        select * from finding_candidates(array[p_submission])
    ), recorded as (
        insert into data_finding (submission_key, rule, measure_code, cell, message)
        select f.submission_key, f.rule, f.measure_code, f.cell, f.message from found f
        on conflict on constraint data_finding_submission_key_rule_measure_code_key do update set message = excluded.message, cell = excluded.cell
        returning data_finding.rule, data_finding.measure_code, data_finding.cell, data_finding.message
    ), issues as (
        insert into submission_issue (submission_key, issue_number, severity, code, message, cell)
        select p_submission, coalesce((select max(i.issue_number) from submission_issue i where i.submission_key = p_submission), 0)
               + row_number() over (order by r.rule, r.measure_code), 'warning', r.rule, r.message, r.cell
        from recorded r
    ), flagged as (
        update dim_submission set status = 'warning'
        where submission_key = p_submission and status = 'accepted' and exists (select 1 from recorded)
    )
    select r.rule, r.measure_code, r.cell, r.message from recorded r order by r.rule, r.measure_code;
end;
$$;

-- The given current forms again (null: all): new findings are added, open ones no longer found go; confirmed ones and
-- those of replaced versions stay (the latter read "fixed").
create function store_findings(p_submissions bigint[]) returns void language plpgsql as $$
begin
    create temporary table found on commit drop as select * from finding_candidates(p_submissions);
    insert into data_finding (submission_key, rule, measure_code, cell, message)
    select f.submission_key, f.rule, f.measure_code, f.cell, f.message from found f
    on conflict on constraint data_finding_submission_key_rule_measure_code_key do update set message = excluded.message, cell = excluded.cell
    where data_finding.message is distinct from excluded.message or data_finding.cell is distinct from excluded.cell;
    delete from data_finding d
    using dim_submission s
    where s.submission_key = d.submission_key and s.is_current and d.state = 'open'
      and (p_submissions is null or d.submission_key = any(p_submissions))
      and not exists (select 1 from found f where f.submission_key = d.submission_key and f.rule = d.rule and f.measure_code = d.measure_code);
    drop table found;
end;
$$;

create function refresh_findings() returns void language sql as $$ select store_findings(null) $$;
comment on function refresh_findings() is 'Runs the checks on every current statistics form; run after refresh_marts().';

create function refresh_findings(p_year integer, p_unit_codes text[]) returns void language plpgsql as $$
declare
    checked bigint[];
begin
    with loaded as (
        select u.reporting_unit_key, u.region_key, case when u.unit_kind = 'department' then 'department' else r.level end as peer_level
        from dim_reporting_unit u join dim_region r using (region_key)
        where u.unit_code = any(p_unit_codes)
    )
    select array_agg(f.submission_key) into checked
    from current_statistics_form f
    join dim_reporting_unit u using (reporting_unit_key)
    join dim_region r on r.region_key = u.region_key
    where (f.year between p_year and p_year + 2 and f.reporting_unit_key in (select reporting_unit_key from loaded))
       or (f.year = p_year and (case when u.unit_kind = 'department' then 'department' else r.level end) in (select peer_level from loaded))
       or (f.year = p_year and f.is_own
           and f.region_key in (select c.ancestor_key from region_closure c where c.descendant_key in (select region_key from loaded)));
    if checked is not null then
        perform store_findings(checked);
    end if;
end;
$$;
comment on function refresh_findings(integer, text[]) is 'Brings the findings up to date after loads of the given units in one year: their forms of that year and the two after, the year''s forms at their levels, and the own forms of the regions above them. Run after refresh_region_values().';

reset check_function_bodies;
