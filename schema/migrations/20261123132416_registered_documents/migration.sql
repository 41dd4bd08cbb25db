CREATE TABLE "registered_documents" (
	"id" text PRIMARY KEY,
	"document" text NOT NULL,
	"operation_name" text,
	"registered_by_account_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registered_documents_id_is_hash" CHECK ("id" = 'sha256:' || encode(sha256(convert_to("document", 'UTF8')), 'hex')),
	CONSTRAINT "registered_documents_size" CHECK (octet_length("document") <= 20000)
);
--> statement-breakpoint
ALTER TABLE "registered_documents" ADD CONSTRAINT "registered_documents_registered_by_account_id_accounts_id_fkey" FOREIGN KEY ("registered_by_account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT;