-- Whether the database has its schema stamp table (made before versions were stamped: not).
-- Parameters: none. Columns: has_stamp.
select count(*) > 0 as has_stamp
from duckdb_tables()
where database_name = current_database() and schema_name = 'main'
    and table_name = 'meta_schema';
