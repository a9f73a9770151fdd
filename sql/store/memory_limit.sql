-- DuckDB's memory limit for this database (past it, DuckDB spills to disk).
-- Parameters: $memory_limit (VARCHAR, e.g. '1024MB').
set memory_limit = $memory_limit;
