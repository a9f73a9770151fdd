-- A connection for statements people type: no file read or written (read_csv, COPY,
-- EXPORT, ATTACH), no extension installed or loaded, and these settings locked, so no
-- statement can turn them back on. The database it was opened on stays readable.
set enable_external_access = false;

set lock_configuration = true;
