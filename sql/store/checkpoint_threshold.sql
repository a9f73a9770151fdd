-- How much write-ahead log DuckDB gathers before it checkpoints (larger: faster bulk writes).
-- Parameters: $checkpoint_threshold (VARCHAR, e.g. '64MB').
set checkpoint_threshold = $checkpoint_threshold;
