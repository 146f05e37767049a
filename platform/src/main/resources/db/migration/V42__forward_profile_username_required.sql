-- Every profile has its user name in a column now (V41 filled the rows that existed before V40).
ALTER TABLE forward_profiles ALTER COLUMN username SET NOT NULL;
