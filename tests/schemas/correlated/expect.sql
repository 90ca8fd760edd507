-- What the specs promise beyond the foreign keys; each query counts the rows that break it.
-- An order line's item comes from the order's store.
SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN items i ON i.id = l.item_id WHERE i.store_id <> o.store_id
-- It ships on or after the day the order was placed.
SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.shipped_on < o.placed_on
-- A department's head works in it; a manager in the employee's own department, hired before (a lower id).
SELECT COUNT(*) FROM departments d JOIN employees e ON e.id = d.head_id WHERE e.department_id <> d.id
SELECT COUNT(*) FROM employees e JOIN employees m ON m.id = e.manager_id WHERE m.department_id <> e.department_id OR m.id >= e.id
-- Every seeded department with employees has a head (the second pass ran, also after a kill).
SELECT COUNT(*) FROM departments d WHERE d.head_id IS NULL AND d.id > 1 AND EXISTS (SELECT 1 FROM employees e WHERE e.department_id = d.id)
-- Salaries by level stay in their bands.
SELECT COUNT(*) FROM employees WHERE id > 1 AND (salary < 30000 OR salary > 200000)
