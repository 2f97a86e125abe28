"""What `pseo deploy` was asked to do, as one value: the command line builds it and
`publish.deploy` carries it out (kept free of heavy imports: the CLI loads it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DeployRequest:
    url: str
    """`s3://BUCKET[/PREFIX]`, parsed by the deploy (see `plan.Target`)."""
    site_dir: Path
    folder: Path | None = None
    """The built folder; None: SITE/public."""
    endpoint_url: str | None = None
    region: str | None = None
    cloudfront_distribution: str | None = None
    delete: bool = False
    dry_run: bool = False
    ping: bool = False
    quiet: bool = False
    list_files: bool = False
    """Name every file uploaded and deleted, not only the counts."""

    @property
    def built(self) -> Path:
        return self.folder or self.site_dir / "public"

    def setting_flags(self) -> dict[str, str]:
        """The `deploy:` settings given on the command line, over those of site.yaml."""
        flags = {
            "endpoint_url": self.endpoint_url,
            "region": self.region,
            "cloudfront_distribution": self.cloudfront_distribution,
        }
        return {name: value for name, value in flags.items() if value is not None}
