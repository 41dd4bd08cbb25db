// Page sizes, shared by the Pothos connections, the compiled path, the row estimate and search, so a page means the same everywhere.

/** `first` when a connection is not given one. */
export const DEFAULT_PAGE_SIZE = 20;

/** The largest `first` (or `last`) any connection accepts. */
export const MAX_PAGE_SIZE = 100;
