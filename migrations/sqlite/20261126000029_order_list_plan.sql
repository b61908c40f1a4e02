-- Kept in step with migrations/postgres/20261126000029_order_list_plan.sql, which re-states the purchase_orders
-- row-level-security policy so PostgreSQL's planner walks the order list's index. SQLite has no such policy (the
-- scoped queries carry the walls) and already walks the index, so nothing changes here.
SELECT 1;
