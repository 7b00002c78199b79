-- The star schema: conformed dimensions, one fact table per measured process.
-- Measures are in the units the national statistics form uses: 万元 for money, 人次 for people.

create table dim_region (
    region_key          integer generated always as identity primary key,
    region_code         varchar(12) not null unique,
    region_name         text not null,
    short_name          text not null,
    level               text not null check (level in ('nation', 'province', 'city', 'county')),
    is_functional_zone  boolean not null default false,
    has_division_code   boolean not null,
    parent_region_key   integer references dim_region (region_key),
    province_code       varchar(12),
    province_name       text,
    city_code           varchar(12),
    city_name           text,
    population_2020     bigint check (population_2020 > 0),
    check ((level = 'nation') = (parent_region_key is null))
);
comment on table dim_region is 'One row per administrative division (GB/T 2260) or functional zone, with its flattened province and city.';
comment on column dim_region.region_code is 'GB/T 2260 six-digit code; functional zones without one carry a local code such as 370800Z1 (has_division_code = false).';
comment on column dim_region.population_2020 is 'Resident population, 7th national census (2020), where known.';
create index ix_dim_region_parent on dim_region (parent_region_key);

create table dim_reporting_unit (
    reporting_unit_key  integer generated always as identity primary key,
    unit_code           varchar(24) not null unique,
    unit_name           text not null,
    unit_kind           text not null check (unit_kind in ('government', 'department')),
    aliases             text[] not null default '{}',
    region_key          integer not null references dim_region (region_key)
);
comment on table dim_reporting_unit is 'One row per body that submits forms: a region''s own government bodies (科技局/宣传部/科协, or a zone''s 管委会) or a department reporting separately, attached to a region.';
comment on column dim_reporting_unit.unit_code is 'For a region''s own bodies the region code; for departments a local code such as 620100-QX.';
create unique index ux_dim_reporting_unit_government on dim_reporting_unit (region_key) where unit_kind = 'government';

create table dim_year (
    year                integer primary key check (year between 2001 and 2100),
    week_start_date     date,
    week_end_date       date,
    theme               text,
    check (week_end_date >= week_start_date)
);
comment on table dim_year is 'One row per science week (全国科技活动周): its dates and theme.';

create table dim_measure (
    measure_code        text primary key,
    name_zh             text not null,
    unit_zh             text not null,
    measure_group       text not null check (measure_group in ('activities', 'funding', 'staff', 'participants', 'outreach')),
    is_total            boolean not null default false,
    sort_order          integer not null
);
comment on table dim_measure is 'One row per measure code used by the warehouse, the ETL output and the API; totals are sums of other measures.';

create table dim_funding_source (
    funding_source_key  smallint primary key,
    measure_code        text not null unique references dim_measure (measure_code),
    name_zh             text not null,
    funding_group       text not null check (funding_group in ('fiscal', 'nonfiscal'))
);
comment on table dim_funding_source is 'One row per funding source of the statistics form, grouped fiscal (财政) / non-fiscal.';

create table dim_staff_type (
    staff_type_key      smallint primary key,
    measure_code        text not null unique references dim_measure (measure_code),
    name_zh             text not null
);
comment on table dim_staff_type is 'One row per kind of staff counted on the statistics form.';

create table dim_participation_channel (
    participation_channel_key smallint primary key,
    measure_code        text not null unique references dim_measure (measure_code),
    name_zh             text not null
);
comment on table dim_participation_channel is 'One row per channel of public participation: offline (线下), online (线上).';

create table dim_submission (
    submission_key      bigint generated always as identity primary key,
    file_name           text not null,
    sha256              char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
    received_at         timestamptz not null,
    loaded_at           timestamptz,
    form_kind           text check (form_kind in ('statistics', 'featured')),
    reporting_unit_key  integer references dim_reporting_unit (reporting_unit_key),
    year                integer references dim_year (year),
    version             integer check (version >= 1),
    status              text not null check (status in ('accepted', 'warning', 'rejected')),
    is_current          boolean not null default false,
    supersedes_submission_key bigint references dim_submission (submission_key),
    archive_path        text,
    quarantine_path     text,
    check (status = 'rejected' or (form_kind is not null and reporting_unit_key is not null and year is not null and version is not null)),
    check (not (is_current and status = 'rejected'))
);
comment on table dim_submission is 'One row per received file that was checked: loaded (accepted/warning) or quarantined (rejected). Older versions stay as history with is_current = false.';
comment on column dim_submission.version is 'Counts the loaded submissions of the same unit, form and year: 1 for the first, 2 for the one that superseded it, ...';
create unique index ux_dim_submission_loaded_bytes on dim_submission (sha256) where status <> 'rejected';
create unique index ux_dim_submission_current on dim_submission (reporting_unit_key, form_kind, year) where is_current;

create table submission_issue (
    submission_key      bigint not null references dim_submission (submission_key) on delete cascade,
    issue_number        integer not null,
    severity            text not null check (severity in ('error', 'warning')),
    code                text not null,
    message             text not null,
    cell                text,
    primary key (submission_key, issue_number)
);
comment on table submission_issue is 'One row per problem found in a submitted file, with the cell it concerns (Sheet1!C6) where there is one.';

-- Facts. Every row keeps the submission it came from and the cell that held the number.
-- A null measure means the form left that cell blank ("not reported"); zero is a reported zero.

create table fact_funding (
    submission_key      bigint not null references dim_submission (submission_key),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    funding_source_key  smallint not null references dim_funding_source (funding_source_key),
    amount_wan          numeric(18, 4) check (amount_wan >= 0),
    source_sheet        text not null,
    source_cell         text not null,
    primary key (submission_key, funding_source_key)
);
comment on table fact_funding is 'grain: one row per statistics form (reporting unit × year, one submission) × funding source; amount in 万元.';

create table fact_staffing (
    submission_key      bigint not null references dim_submission (submission_key),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    staff_type_key      smallint not null references dim_staff_type (staff_type_key),
    person_times        bigint check (person_times >= 0),
    source_sheet        text not null,
    source_cell         text not null,
    primary key (submission_key, staff_type_key)
);
comment on table fact_staffing is 'grain: one row per statistics form (reporting unit × year, one submission) × staff type; in 人次.';

create table fact_participation (
    submission_key      bigint not null references dim_submission (submission_key),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    participation_channel_key smallint not null references dim_participation_channel (participation_channel_key),
    person_times        bigint check (person_times >= 0),
    source_sheet        text not null,
    source_cell         text not null,
    primary key (submission_key, participation_channel_key)
);
comment on table fact_participation is 'grain: one row per statistics form (reporting unit × year, one submission) × participation channel; in 人次.';

create table fact_outreach (
    submission_key      bigint primary key references dim_submission (submission_key),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    source_sheet        text not null,
    activities          bigint check (activities >= 0),
    activities_cell     text not null,
    media_outlets       bigint check (media_outlets >= 0),
    media_outlets_cell  text not null,
    media_reports       bigint check (media_reports >= 0),
    media_reports_cell  text not null,
    venues_opened       bigint check (venues_opened >= 0),
    venues_opened_cell  text not null,
    institutions_opened bigint check (institutions_opened >= 0),
    institutions_opened_cell text not null,
    universities_opened bigint check (universities_opened >= 0),
    universities_opened_cell text not null
);
comment on table fact_outreach is 'grain: one row per statistics form (reporting unit × year, one submission): activities held, media outlets and reports, venues, research institutions and universities opened.';

create table fact_featured_activity (
    submission_key      bigint not null references dim_submission (submission_key),
    row_number          integer not null check (row_number between 1 and 5),
    reporting_unit_key  integer not null references dim_reporting_unit (reporting_unit_key),
    year                integer not null references dim_year (year),
    activity_name       text not null,
    description         text,
    held_when           text,
    place               text,
    place_region_key    integer references dim_region (region_key),
    recommending_unit   text,
    contact             text,
    source_sheet        text not null,
    source_cell         text not null,
    primary key (submission_key, row_number)
);
comment on table fact_featured_activity is 'grain: one row per recommended featured activity (推荐表 row) of one submission; place_region_key is the county-level place when it resolved.';

create index ix_fact_funding_unit_year on fact_funding (reporting_unit_key, year);
create index ix_fact_staffing_unit_year on fact_staffing (reporting_unit_key, year);
create index ix_fact_participation_unit_year on fact_participation (reporting_unit_key, year);
create index ix_fact_outreach_unit_year on fact_outreach (reporting_unit_key, year);
create index ix_fact_featured_activity_unit_year on fact_featured_activity (reporting_unit_key, year);

-- Fixed vocabularies: part of the schema, not of the reference data.
insert into dim_measure (measure_code, name_zh, unit_zh, measure_group, is_total, sort_order) values
    ('activities',           '科普活动开展次数',     '次',   'activities',   false, 10),
    ('funding_total',        '活动经费合计',         '万元', 'funding',      true,  20),
    ('funding_fiscal',       '财政经费',             '万元', 'funding',      true,  21),
    ('funding_nonfiscal',    '非财政经费',           '万元', 'funding',      true,  22),
    ('funding_central',      '中央财政经费',         '万元', 'funding',      false, 23),
    ('funding_provincial',   '省级、副省级财政经费', '万元', 'funding',      false, 24),
    ('funding_municipal',    '市级财政经费',         '万元', 'funding',      false, 25),
    ('funding_county',       '县级财政经费',         '万元', 'funding',      false, 26),
    ('funding_enterprise',   '企业赞助经费',         '万元', 'funding',      false, 27),
    ('funding_in_kind',      '实物投入',             '万元', 'funding',      false, 28),
    ('funding_other',        '其他经费',             '万元', 'funding',      false, 29),
    ('staff_total',          '科普工作人员合计',     '人次', 'staff',        true,  30),
    ('staff_fulltime',       '科普专职人员',         '人次', 'staff',        false, 31),
    ('staff_scientists',     '科技工作者',           '人次', 'staff',        false, 32),
    ('staff_volunteers',     '科技志愿者',           '人次', 'staff',        false, 33),
    ('staff_other',          '其他人员',             '人次', 'staff',        false, 34),
    ('participants_total',   '群众参与合计',         '人次', 'participants', true,  40),
    ('participants_offline', '线下活动群众参与',     '人次', 'participants', false, 41),
    ('participants_online',  '线上活动群众参与',     '人次', 'participants', false, 42),
    ('media_outlets',        '参与媒体数量',         '家',   'outreach',     false, 50),
    ('media_reports',        '宣传报道数量',         '篇',   'outreach',     false, 51),
    ('venues_opened',        '开放科普场馆数量',     '个',   'outreach',     false, 60),
    ('institutions_opened',  '开放科研机构数量',     '个',   'outreach',     false, 61),
    ('universities_opened',  '开放大学数量',         '所',   'outreach',     false, 62);

insert into dim_funding_source (funding_source_key, measure_code, name_zh, funding_group) values
    (1, 'funding_central',    '中央财政经费',         'fiscal'),
    (2, 'funding_provincial', '省级、副省级财政经费', 'fiscal'),
    (3, 'funding_municipal',  '市级财政经费',         'fiscal'),
    (4, 'funding_county',     '县级财政经费',         'fiscal'),
    (5, 'funding_enterprise', '企业赞助经费',         'nonfiscal'),
    (6, 'funding_in_kind',    '实物投入',             'nonfiscal'),
    (7, 'funding_other',      '其他经费',             'nonfiscal');

insert into dim_staff_type (staff_type_key, measure_code, name_zh) values
    (1, 'staff_fulltime',   '科普专职人员'),
    (2, 'staff_scientists', '科技工作者'),
    (3, 'staff_volunteers', '科技志愿者'),
    (4, 'staff_other',      '其他人员');

insert into dim_participation_channel (participation_channel_key, measure_code, name_zh) values
    (1, 'participants_offline', '线下'),
    (2, 'participants_online',  '线上');
