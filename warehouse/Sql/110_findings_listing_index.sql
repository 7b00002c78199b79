-- The data-quality list reads one page of a region's findings with the counts per rule and state. At national scale
-- (137,473 findings, about 15,000 a year) it reaches every finding of the year through its form, and reading each from
-- the table (its message makes the rows wide) cost more than the rest of the query. This index holds what the list
-- sorts, filters and counts by, so those reads stay in the index; only the page's rows are then read in full.
create index ix_data_finding_listing on data_finding (submission_key) include (rule, measure_code, state, finding_key);
