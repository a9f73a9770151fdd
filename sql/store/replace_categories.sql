-- Replace the categories whose papers count in the shares (registered as batch_categories:
-- category).
delete from core_categories;

insert into core_categories select distinct category from batch_categories;
