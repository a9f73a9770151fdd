-- Bringing a table forward (pipeline/store/schema.py), step 1: set the old table aside under
-- another name, so that the schema files make it again as they define it. A template: the
-- names ({table}, {aside}) come from the schema files, never from input.
alter table {table} rename to {aside};
