-- A Forward profile's login (user name or API access key) is not a secret: it becomes a plain column, and
-- the secret behind the profile holds only the password (or API secret key). Rows stored before this
-- migration have "user:password" sealed in one secret; V41 (db.migration.V41__SplitForwardProfileCredentials,
-- Java because SQL cannot open secrets) moves the user name here and reseals the password alone. V42 then
-- makes the column required.
ALTER TABLE forward_profiles ADD COLUMN username TEXT;
ALTER TABLE forward_profiles RENAME COLUMN credentials_secret_id TO password_secret_id;
