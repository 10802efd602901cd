"""Prefect wrappers around the `pipeline` library: scheduled, incremental, observable cleaning.

`flows.clean_flow` holds the flow (`clean_raw_folder`) and its one task (`clean_batch`);
`flows.run` runs it once (`make run`); `flows.serve` starts or finds a Prefect server and
serves the flow on a cron schedule (`make serve`). The stages (sources, the runner, sinks,
the manifest behind the incremental skip, the failure records) all live in `pipeline`; the
flow only batches them, and nothing here reads document text.

This package imports Prefect; `pipeline` never imports this package.
"""
