-- Each base table of the database and its columns, in order (views and temp tables left out).
-- Parameters: none. Columns: table_name, column_name, data_type.
select table_name, column_name, data_type
from duckdb_columns()
where database_name = current_database() and schema_name = 'main'
    and table_name in (
        select table_name from duckdb_tables()
        where database_name = current_database() and schema_name = 'main' and not temporary
    )
order by table_name, column_index;
