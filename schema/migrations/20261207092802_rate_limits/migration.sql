CREATE UNLOGGED TABLE "rate_limits" (
	"window_start" bigint,
	"key" text,
	"hits" integer NOT NULL,
	CONSTRAINT "rate_limits_pkey" PRIMARY KEY("window_start","key")
);
