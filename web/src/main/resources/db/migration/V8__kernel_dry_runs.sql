-- Dry runs on stock kernels booted under qemu: what each kernel said of itself (the ABI it is listed with, the release
-- and ABI it reported, how long it took, the ruleset's status there or why it was not tried), and which kernel
-- answered each row (null for a run on this host).
CREATE TABLE dry_run_kernel (
    run_id       BIGINT        NOT NULL REFERENCES dry_run (id),
    abi          INT           NOT NULL,
    kernel_release VARCHAR(200) NOT NULL,
    reported_abi INT,
    took_ms      BIGINT,
    status       VARCHAR(4000),
    refused      VARCHAR(4000),
    probes       INT           NOT NULL,
    mismatched   INT           NOT NULL,
    left_out     INT           NOT NULL,
    outcome      VARCHAR(16)   NOT NULL,
    PRIMARY KEY (run_id, abi)
);

ALTER TABLE dry_run_row ADD COLUMN kernel INT;
