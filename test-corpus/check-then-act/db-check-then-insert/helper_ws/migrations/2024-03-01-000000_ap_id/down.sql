ALTER TABLE community RENAME ap_id TO actor_id;
