-- Step 2: refill the table made again from the rows set aside, column by column name; {values}
-- lists the old columns kept and the values of renamed ones (schema.RENAMED).
insert into {table} by name select {values} from {aside};
