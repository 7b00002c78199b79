-- Deadlines as data, and the day each unit submitted.
--
-- A deadline says by when the units directly under a collecting region send it one form of one year (the notices:
-- Lanzhou's counties by 6/10, Taiyuan's by 6/10, Jining's by 6/11, provinces and central departments to the ministry
-- by 6/30, featured recommendations by 4/15). seed/reference/deadlines.csv holds those the notices give; admins set
-- others in the dashboard (set_by names the account; the reference load never overwrites such a row).

create table reporting_deadline (
    year                integer not null references dim_year (year),
    region_key          integer not null references dim_region (region_key),
    form_kind           text not null check (form_kind in ('statistics', 'featured')),
    due_date            date not null,
    source              text not null,
    set_by              text,
    set_at              timestamptz,
    primary key (year, region_key, form_kind)
);
comment on table reporting_deadline is 'One row per collecting region × year × form: the day by which the units directly under the region send it that form; set_by is null for a row of seed/reference/deadlines.csv, else the admin account that set it.';

-- When the unit sent the form: the day it was received (inbox, import, upload) unless staff gave the real day when
-- back-filling forms that came by email. The day is China's calendar day (Asia/Shanghai), as the notices' deadlines are.
alter table dim_submission add column submitted_on date;
update dim_submission set submitted_on = (received_at at time zone 'Asia/Shanghai')::date;
alter table dim_submission alter column submitted_on set default (now() at time zone 'Asia/Shanghai')::date;
alter table dim_submission alter column submitted_on set not null;
comment on column dim_submission.submitted_on is 'The day the unit submitted the file (China time): the day it was received, or the day staff gave when back-filling (import --submitted-on, the upload page).';
