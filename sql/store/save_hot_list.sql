-- Store one hot (or not-hot) list of a month (registered as hot_list_rows: the columns of
-- core_hot_list_terms; hot_list_month: a row of core_hot_list_months), replacing the one
-- stored, inside the caller's transaction.
delete from core_hot_list_terms
where (source, month, is_not_hot) in (select (source, month, is_not_hot) from hot_list_month);

delete from core_hot_list_months
where (source, month, is_not_hot) in (select (source, month, is_not_hot) from hot_list_month);

insert into core_hot_list_terms by name select * from hot_list_rows;

insert into core_hot_list_months by name select * from hot_list_month;
