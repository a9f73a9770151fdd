-- Step 3: drop the old table set aside, its rows refilled.
drop table {aside};
