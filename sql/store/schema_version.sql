-- The schema version stamped in the database (null: none yet).
-- Parameters: none. Columns: version.
select max(version) as version from meta_schema;
