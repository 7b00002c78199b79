-- The featured-activity limit is one rule, stated the same way by the reader, the importer and this table: at most five
-- recommendations per recommending unit and year (各地方各相关部门推荐活动数量不超过 5 项). A form is one unit's for one
-- year, and a city's list that gathers its counties' picks holds more than five rows, so row_number only orders the rows
-- and the limit counts within each recommending unit of a form: recommender_key is the unit as the reader compares it
-- (FeaturedForm.RecommenderKey, '' when a row names none), recommender_rank its row's place among that unit's rows.
alter table fact_featured_activity drop constraint fact_featured_activity_row_number_check;
alter table fact_featured_activity add constraint fact_featured_activity_row_number_check check (row_number >= 1);

-- Rows loaded before this migration came from forms of at most five rows: their row_number is their rank.
alter table fact_featured_activity add column recommender_key text not null default '';
alter table fact_featured_activity add column recommender_rank integer;
update fact_featured_activity set recommender_rank = row_number;
alter table fact_featured_activity alter column recommender_key drop default;
alter table fact_featured_activity alter column recommender_rank set not null;
alter table fact_featured_activity add constraint fact_featured_activity_recommender_rank_check check (recommender_rank between 1 and 5);
create unique index ux_fact_featured_activity_recommender_rank on fact_featured_activity (submission_key, recommender_key, recommender_rank);

comment on table fact_featured_activity is 'grain: one row per recommended featured activity (推荐表 row) of one submission; place_region_key is the county-level place when it resolved; at most five rows per recommending unit (recommender_key) of a submission.';
