-- Replace the zone offsets of texts found again (registered as batch_zones: paper_id,
-- header_end_char, references_start_char, references_end_char), in a recount.
update core_paper_texts
set
    header_end_char = batch_zones.header_end_char,
    references_start_char = batch_zones.references_start_char,
    references_end_char = batch_zones.references_end_char
from batch_zones
where core_paper_texts.paper_id = batch_zones.paper_id;
