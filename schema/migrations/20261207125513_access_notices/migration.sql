-- Who may do what changes rarely, and every server caches verified API tokens for a moment: any change to a
-- token, a membership or the set of hosts is announced on `access_changed`, whoever makes it (the app, the CLI,
-- an operator's psql), so each server forgets the tokens it verified at once. A statement-level trigger: one
-- notice per statement, and NOTIFY folds duplicates within a transaction. A new token or membership changes no
-- token already verified (one is remembered only while its membership is current), so inserts there are silent;
-- a new host changes what its members' tokens may do, so every change to the hosts is announced.
CREATE FUNCTION notify_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('access_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER api_tokens_access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
--> statement-breakpoint
CREATE TRIGGER memberships_access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
--> statement-breakpoint
CREATE TRIGGER secretariat_hosts_access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON secretariat_hosts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
