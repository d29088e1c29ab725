-- the index on lower(actor_id) follows the column: it is on lower(ap_id) now
ALTER TABLE community RENAME actor_id TO ap_id;
