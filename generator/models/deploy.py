"""`deploy:` in site.yaml: where `pseo deploy` finds the object storage and the CDN.

Credentials never go here: site.yaml is committed, so keys come from the standard
AWS environment variables or profiles (`AWS_ACCESS_KEY_ID`, `AWS_PROFILE`, …).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from .base import StrictModel


class DeploySettings(StrictModel):
    """Where the S3-compatible storage is; `pseo deploy` flags override each field."""

    endpoint_url: HttpUrl | None = Field(
        default=None,
        description="S3 API endpoint for storage other than AWS S3, e.g. "
        "https://ACCOUNT.r2.cloudflarestorage.com, https://oss-cn-hangzhou.aliyuncs.com, "
        "https://cos.ap-shanghai.myqcloud.com or http://127.0.0.1:9000 (MinIO)",
    )
    region: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")] | None = Field(
        default=None, description="Region of the bucket, e.g. eu-central-1, auto (R2), oss-cn-hangzhou"
    )
    addressing_style: Literal["auto", "path", "virtual"] = Field(
        default="auto",
        description="How bucket names go into request URLs: virtual (BUCKET.host, which Aliyun OSS "
        "requires), path (host/BUCKET, for MinIO without a domain) or auto (the SDK's choice)",
    )
    cloudfront_distribution: Annotated[str, Field(pattern=r"^[A-Z0-9]+$")] | None = Field(
        default=None, description="CloudFront distribution ID whose cache is invalidated after a deploy"
    )

    @field_validator("endpoint_url")
    @classmethod
    def endpoint_is_an_origin(cls, url: HttpUrl | None) -> HttpUrl | None:
        if url is not None and ((url.path or "/") != "/" or url.query or url.fragment):
            raise ValueError("must be an origin without path, query or fragment, e.g. https://s3.example.com")
        return url

    @property
    def endpoint(self) -> str | None:
        return str(self.endpoint_url).rstrip("/") if self.endpoint_url else None


class DeployConfig(BaseModel):
    """The `deploy:` block alone, validated where it stands in site.yaml (so errors
    keep their line numbers) without requiring the rest of the site to be valid."""

    model_config = ConfigDict(extra="ignore")

    deploy: DeploySettings = Field(default_factory=DeploySettings)
