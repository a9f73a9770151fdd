-- The file of the database the connection is open on (null: in memory).
-- Columns: path.
select path from duckdb_databases() where database_name = current_database();
