-- How many probes a dry run planned, known before its first row, and how many it tried (a row each, or left out
-- because the host refused it even unrestricted): its progress. Null for commands and for runs kept from before.
ALTER TABLE dry_run ADD COLUMN probes INT;
ALTER TABLE dry_run ADD COLUMN tried INT;
