-- Settings of every connection: no progress bar on the terminal (the commands draw their
-- own, and a log must stay clean).
set enable_progress_bar = false;
