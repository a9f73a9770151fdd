-- The categories whose papers count in the shares. Columns: category.
with final as (
    select category from core_categories
)

select * from final order by category;
