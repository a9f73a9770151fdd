-- Stamp the layout the database now holds.
-- Parameters: $version (INTEGER), $code_version (VARCHAR).
insert into meta_schema values ($version, now(), $code_version);
