-- One fact table for the statistics form. The form has one grain (one form × one measure); it lived in four tables, three
-- long (funding, staffing, participation, each keyed to its own small dimension) and one wide (outreach), so every reader
-- unpivoted what the importer had pivoted. Now each value is one row keyed to dim_measure, whose attributes carry the
-- grouping the small dimensions held: measure_group (funding, staff, participants, outreach, activities), funding_group
-- (fiscal / nonfiscal) and the totals each measure rolls up into.

alter table dim_measure add column funding_group text check (funding_group in ('fiscal', 'nonfiscal'));
alter table dim_measure add column rolls_up_into text[] not null default '{}';
comment on column dim_measure.funding_group is 'For a funding source on the form: fiscal (财政) or nonfiscal; null for every other measure.';
comment on column dim_measure.rolls_up_into is 'The totals (measure codes with is_total) this measure is a part of; a total is the sum of its filled-in parts, null when none was.';

update dim_measure m set funding_group = s.funding_group
from dim_funding_source s where s.measure_code = m.measure_code;
update dim_measure set rolls_up_into = case
        when funding_group = 'fiscal' then array['funding_total', 'funding_fiscal']
        when funding_group = 'nonfiscal' then array['funding_total', 'funding_nonfiscal']
        when measure_group = 'staff' and not is_total then array['staff_total']
        when measure_group = 'participants' and not is_total then array['participants_total']
        else '{}'
    end;
alter table dim_measure add check ((funding_group is not null) = (measure_group = 'funding' and not is_total));

create table fact_statistics_value (
    submission_key      bigint not null references dim_submission (submission_key),
    measure_code        text not null references dim_measure (measure_code),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    value               numeric(23, 4) check (value >= 0),
    source_sheet        text not null,
    source_cell         text not null,
    primary key (submission_key, measure_code)
);
comment on table fact_statistics_value is 'grain: one row per statistics form (reporting unit × year, one submission) × measure on the form (dim_measure, never a total); value in the measure''s unit (万元 for funding, with decimals; whole counts otherwise), null when the form left the cell blank.';
comment on column fact_statistics_value.source_cell is 'The cell that held the value on source_sheet, such as C6.';
create index ix_fact_statistics_value_unit_year on fact_statistics_value (reporting_unit_key, year);

insert into fact_statistics_value (submission_key, measure_code, reporting_unit_key, year, value, source_sheet, source_cell)
select f.submission_key, d.measure_code, f.reporting_unit_key, f.year, f.amount_wan, f.source_sheet, f.source_cell
from fact_funding f join dim_funding_source d using (funding_source_key)
union all
select f.submission_key, d.measure_code, f.reporting_unit_key, f.year, f.person_times, f.source_sheet, f.source_cell
from fact_staffing f join dim_staff_type d using (staff_type_key)
union all
select f.submission_key, d.measure_code, f.reporting_unit_key, f.year, f.person_times, f.source_sheet, f.source_cell
from fact_participation f join dim_participation_channel d using (participation_channel_key)
union all
-- The wide table had a column for every outreach measure; an empty cell address meant the form had no such line.
select o.submission_key, v.measure_code, o.reporting_unit_key, o.year, v.value, o.source_sheet, v.cell
from fact_outreach o
cross join lateral (values
    ('activities', o.activities, o.activities_cell),
    ('media_outlets', o.media_outlets, o.media_outlets_cell),
    ('media_reports', o.media_reports, o.media_reports_cell),
    ('venues_opened', o.venues_opened, o.venues_opened_cell),
    ('institutions_opened', o.institutions_opened, o.institutions_opened_cell),
    ('universities_opened', o.universities_opened, o.universities_opened_cell)
) as v (measure_code, value, cell)
where v.cell <> '';

-- The same columns as before, so the marts built on it stay as they are.
create or replace view form_measure_value as
with form as (
    select s.submission_key, s.reporting_unit_key, s.year
    from dim_submission s
    where s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
),
measure_value as (
    select f.submission_key, f.measure_code, f.value::numeric as value, f.source_sheet, f.source_cell
    from fact_statistics_value f
    union all
    select f.submission_key, t.measure_code, sum(f.value)::numeric, null::text, null::text
    from fact_statistics_value f
    join dim_measure m using (measure_code)
    cross join lateral unnest(m.rolls_up_into) as t (measure_code)
    group by f.submission_key, t.measure_code
)
select f.submission_key, f.reporting_unit_key, f.year, v.measure_code, v.value, v.source_sheet, v.source_cell
from form f
join measure_value v using (submission_key);
comment on view form_measure_value is 'grain: one row per current accepted statistics form × measure code (totals included); source cell null for totals.';

drop table fact_funding;
drop table fact_staffing;
drop table fact_participation;
drop table fact_outreach;
drop table dim_funding_source;
drop table dim_staff_type;
drop table dim_participation_channel;
