-- Checks that need other data: a form against the unit's previous year, its peers at the same level, and a reported
-- region's own figure against the sum of the units below it. Each finding is a warning with a Chinese message and the
-- cell. They run at import (record_findings, so the uploader sees them in the check report) and again for every current
-- form after the marts are refreshed, that is after loads and after reference data changes (refresh_findings).
--
-- The checks are SQL functions with their bodies as strings, so they read form_measure_value and mart_region_value
-- by name at run time without making those views depend on them: the marts can be rebuilt without touching this file.

create table data_finding (
    finding_key         bigint generated always as identity primary key,
    submission_key      bigint not null references dim_submission (submission_key),
    rule                text not null check (rule in ('yoy_jump', 'unit_slip', 'ratio_outlier', 'total_mismatch', 'children_exceed_parent')),
    measure_code        text not null references dim_measure (measure_code),
    cell                text,
    message             text not null,
    state               text not null default 'open' check (state in ('open', 'confirmed')),
    reason              text,
    confirmed_by        text,
    confirmed_at        timestamptz,
    found_at            timestamptz not null default now(),
    unique (submission_key, rule, measure_code),
    check ((state = 'confirmed') = (reason is not null and confirmed_by is not null and confirmed_at is not null))
);
comment on table data_finding is 'grain: one row per statistics form (submission) × rule × measure that a check flagged; state open or confirmed (correct, with the staff member''s reason); a finding of a form no longer current reads "fixed" (a newer version replaced it).';
create index ix_data_finding_state on data_finding (state);

-- The sum of the parts of each reported region: its direct sub-regions' numbers (reported or derived) and the forms of
-- departments attached to it, beside its own figure, per measure and year.
-- The marts these bodies read are defined by Sql/Current/marts.sql, applied after every migration has run: the bodies
-- are checked when they are first called, not here.
set check_function_bodies = off;

create function region_parts_sum(p_year integer)
returns table (region_key integer, year integer, measure_code text, own_value numeric, submission_key bigint, cell text,
               parts_value numeric, parts integer)
language sql stable as $$
    with own as (
        select v.region_key, v.year, v.measure_code, v.value, v.submission_key, v.source_sheet || '!' || v.source_cell as cell
        from mart_region_value v
        where v.basis = 'reported' and v.value is not null and (p_year is null or v.year = p_year)
    ),
    part as (
        select c.ancestor_key as region_key, v.year, v.measure_code, v.value
        from region_closure c
        join mart_region_value v on v.region_key = c.descendant_key
        where c.depth = 1 and v.value is not null and (p_year is null or v.year = p_year)
        union all
        select u.region_key, f.year, f.measure_code, f.value
        from form_measure_value f
        join dim_reporting_unit u using (reporting_unit_key)
        where u.unit_kind = 'department' and f.value is not null and (p_year is null or f.year = p_year)
    ),
    parts as (
        select region_key, year, measure_code, sum(value) as value, count(*)::integer as parts from part group by 1, 2, 3
    )
    select o.region_key, o.year, o.measure_code, o.value, o.submission_key, o.cell, p.value, p.parts
    from own o join parts p using (region_key, year, measure_code)
$$;
comment on function region_parts_sum(integer) is 'Per reported region, year (null: every year) and measure: its own figure and the sum of its direct sub-regions and attached departments.';

create function finding_candidates(p_submission bigint)
returns table (submission_key bigint, rule text, measure_code text, cell text, message text)
language sql stable as $$
    with form as (
        select s.submission_key, s.reporting_unit_key, s.year,
               case when u.unit_kind = 'department' then 'department' else r.level end as peer_level
        from dim_submission s
        join dim_reporting_unit u using (reporting_unit_key)
        join dim_region r on r.region_key = u.region_key
        where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
    ),
    form_value as (
        select f.submission_key, f.reporting_unit_key, f.year, f.peer_level, v.measure_code, v.value,
               v.source_sheet || '!' || v.source_cell as cell, m.name_zh, m.unit_zh, m.measure_group
        from form f
        join form_measure_value v using (submission_key)
        join dim_measure m using (measure_code)
        where v.value is not null
    ),
    checked as (
        select * from form_value where p_submission is null or submission_key = p_submission
    ),
    -- On-form values (they have a cell) beside the same unit's value of the year before.
    against_previous as (
        select c.*, p.value as previous_value
        from checked c
        join form_value p on p.reporting_unit_key = c.reporting_unit_key and p.year = c.year - 1 and p.measure_code = c.measure_code
        where c.cell is not null
    ),
    peer_median as (
        select year, peer_level, measure_code, percentile_cont(0.5) within group (order by value) as median, count(*) as forms
        from form_value
        where measure_group = 'funding' and cell is not null and year in (select year from checked)
        group by year, peer_level, measure_code
    ),
    unit_slip as (
        select c.submission_key, 'unit_slip'::text as rule, c.measure_code, c.cell,
               format('%s为 %s 万元，约为%s的 %s 倍，疑似把“元”数填进了“万元”栏，请核实单位。', c.name_zh, trim_scale(c.value),
                      case when p.value > 0 and c.value >= 1000 * p.value then format('上年（%s 万元）', trim_scale(p.value))
                           else format('同级单位中位数（%s 万元）', trim_scale(round(pm.median::numeric, 2))) end,
                      trim_scale(round(c.value / case when p.value > 0 and c.value >= 1000 * p.value then p.value else pm.median::numeric end, 0))) as message
        from checked c
        left join form_value p on p.reporting_unit_key = c.reporting_unit_key and p.year = c.year - 1 and p.measure_code = c.measure_code
        left join peer_median pm on pm.year = c.year and pm.peer_level = c.peer_level and pm.measure_code = c.measure_code
        where c.measure_group = 'funding' and c.cell is not null
          and ((p.value > 0 and c.value >= 1000 * p.value) or (pm.forms >= 5 and pm.median > 0 and c.value >= 1000 * pm.median::numeric))
    ),
    -- More than 3× or under ⅓ of the year before, both above a floor (1 万元, 20 of a count) so that 2 → 7 venues is no jump.
    yoy_jump as (
        select a.submission_key, 'yoy_jump'::text, a.measure_code, a.cell,
               case when a.value > 3 * a.previous_value
                    then format('%s为 %s %s，是上年（%s %s）的 %s 倍，请核实。', a.name_zh, trim_scale(a.value), a.unit_zh,
                                trim_scale(a.previous_value), a.unit_zh, trim_scale(round(a.value / a.previous_value, 1)))
                    else format('%s为 %s %s，仅为上年（%s %s）的 %s%%，请核实。', a.name_zh, trim_scale(a.value), a.unit_zh,
                                trim_scale(a.previous_value), a.unit_zh, trim_scale(round(100 * a.value / a.previous_value, 1))) end
        from against_previous a
        where least(a.value, a.previous_value) >= case when a.measure_group = 'funding' then 1 else 20 end
          and (a.value > 3 * a.previous_value or 3 * a.value < a.previous_value)
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
        where v.year in (select year from checked)
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
          and (p_submission is null or r.submission_key = p_submission)
    ),
    -- A reported region whose sub-units' sum exceeds its own figure (on-form measures; the marts are read as refreshed).
    children_exceed_parent as (
        select s.submission_key, 'children_exceed_parent'::text, s.measure_code, s.cell,
               format('本级填报的%s为 %s %s，而下级 %s 个单位合计 %s %s，超出 %s %s，请核实是否漏汇总。', m.name_zh, trim_scale(s.own_value), m.unit_zh,
                      s.parts, trim_scale(s.parts_value), m.unit_zh, trim_scale(s.parts_value - s.own_value), m.unit_zh)
        from region_parts_sum(null) s
        join dim_measure m using (measure_code)
        where p_submission is null and s.cell is not null and s.parts_value > s.own_value
    )
    select * from unit_slip
    union all select * from yoy_jump
    union all select * from ratio_outlier
    union all select * from children_exceed_parent
$$;
comment on function finding_candidates(bigint) is 'What the checks flag for one current statistics form (children_exceed_parent, which reads the marts, only for all forms: null).';

-- At import, in the load's transaction: the form's findings, recorded, added to its check report (submission_issue) as
-- warnings, and its status made warning; returned for the import line.
create function record_findings(p_submission bigint)
returns table (rule text, measure_code text, cell text, message text)
language plpgsql as $$
#variable_conflict use_column
begin
    return query
    with found as (
        select * from finding_candidates(p_submission)
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

-- Every current form again: new findings are added, open ones no longer found go; confirmed ones and those of replaced
-- versions stay (the latter read "fixed").
create function refresh_findings() returns void language plpgsql as $$
begin
    create temporary table found on commit drop as select * from finding_candidates(null);
    insert into data_finding (submission_key, rule, measure_code, cell, message)
    select f.submission_key, f.rule, f.measure_code, f.cell, f.message from found f
    on conflict on constraint data_finding_submission_key_rule_measure_code_key do update set message = excluded.message, cell = excluded.cell
    where data_finding.message is distinct from excluded.message or data_finding.cell is distinct from excluded.cell;
    delete from data_finding d
    using dim_submission s
    where s.submission_key = d.submission_key and s.is_current and d.state = 'open'
      and not exists (select 1 from found f where f.submission_key = d.submission_key and f.rule = d.rule and f.measure_code = d.measure_code);
    drop table found;
end;
$$;
comment on function refresh_findings() is 'Runs the checks on every current statistics form; run after refresh_marts().';

reset check_function_bodies;
