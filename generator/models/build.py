"""`build:` in site.yaml: where `pseo build` runs its render, image and check tasks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import StrictModel


class BuildSettings(StrictModel):
    """The engine of `pseo build`; its `--engine` and `--scheduler` flags override each field."""

    engine: Literal["local", "dask"] = Field(
        default="local",
        description="local: worker processes on this machine; dask: a Dask cluster (needs the dask extra)",
    )
    scheduler: Annotated[str, Field(pattern=r"^(tcp|tls|inproc|ws|wss)://\S+$")] | None = Field(
        default=None,
        description="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786; unset (and no "
        "DASK_SCHEDULER_ADDRESS): a LocalCluster sized to this machine",
    )
