-- Users can be disabled (tokens kept but refused until re-enabled) and deleted. A deleted user stays as a
-- row with deleted_at set: its name stays reserved, because runs carry the owner's name as FerryOwner
-- and a new user of the same name must not see them. Deleting revokes every token of the user.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN deleted_at  TIMESTAMPTZ;
