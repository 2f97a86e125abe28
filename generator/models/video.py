"""Videos: a product's (or the factory's) film on YouTube, on Vimeo or as a file the
site's host serves, always with a poster image from content/ so that the page shows
a picture, and structured data a thumbnail, before anything plays."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .base import Localized, StrictModel, field_error
from .origins import Origin, split_url

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}

VideoKind = Literal["youtube", "vimeo", "file"]
PLAYER_ORIGINS: dict[VideoKind, Origin] = {
    "youtube": Origin("https", "www.youtube-nocookie.com"),
    "vimeo": Origin("https", "player.vimeo.com"),
}
"""The origin each host's player frame loads from (frame-src of the policy)."""


class Video(StrictModel):
    """One video, shown behind a click-to-load poster: no player, no third-party
    request until the visitor plays it."""

    kind: VideoKind = Field(description="youtube, vimeo, or file (an MP4 or WebM file the host serves)")
    id: str | None = Field(
        default=None, description="YouTube (11 characters) or Vimeo (digits) video id; youtube and vimeo only"
    )
    file: str | None = Field(
        default=None,
        description="kind file: the video's URL, a path on the site (/media/factory.mp4) or an https:// URL",
    )
    title: Localized
    description: Localized
    upload_date: date = Field(description="First published, e.g. 2026-03-01")
    duration: Annotated[
        timedelta,
        Field(gt=timedelta(0)),
        WithJsonSchema(
            {
                "anyOf": [{"type": "string", "format": "duration"}, {"type": "integer", "minimum": 1}],
                "description": "Length as ISO 8601 (PT2M30S) or seconds",
            }
        ),
    ]
    poster: str = Field(description="Poster image relative to content/, e.g. images/factory-tour.jpg")
    transcript: Localized | None = Field(default=None, description="What is said, per language (Markdown)")

    @model_validator(mode="after")
    def source_matches_kind(self) -> Video:
        if self.kind == "file":
            if self.id is not None:
                raise field_error("a file video has no id; give its file instead", "id")
            if self.file is None:
                raise field_error("a file video needs file: its URL, e.g. /media/factory.mp4", "file")
            _check_file(self.file)
            return self
        if self.file is not None:
            message = "only a file video has a file; a {kind} video has an id"
            raise field_error(message, "file", kind=self.kind)
        pattern = YOUTUBE_ID if self.kind == "youtube" else VIMEO_ID
        if self.id is None or not pattern.fullmatch(self.id):
            shape = "11 letters, digits, - or _" if self.kind == "youtube" else "digits"
            message = "a {kind} video id is {shape}, as in its URL"
            raise field_error(message, "id", kind=self.kind, shape=shape)
        return self

    @property
    def mime_type(self) -> str | None:
        """The file's media type (file videos only)."""
        return VIDEO_TYPES[_extension(self.file)] if self.file else None

    @property
    def file_origin(self) -> Origin | None:
        """Where a file video on another host plays from (for media-src), else None."""
        return split_url(self.file)[0] if self.file and not self.file.startswith("/") else None


def csp_sources(videos: Iterable[Video]) -> dict[str, list[Origin]]:
    """What the Content-Security-Policy must allow for `videos`: each host's player
    frame and the origin of video files on another host, only where such a video exists."""
    shown = list(videos)
    frames = {PLAYER_ORIGINS[video.kind] for video in shown if video.kind in PLAYER_ORIGINS}
    media = {origin for video in shown if (origin := video.file_origin)}
    return {"frame-src": sorted(frames, key=str), "media-src": sorted(media, key=str)}


def _extension(url: str) -> str:
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    return "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


def _check_file(url: str) -> None:
    if url.startswith("//") or not (url.startswith("/") or url.startswith("https://")):
        raise field_error("must be a path on the site (/media/factory.mp4) or an https:// URL", "file")
    if any(char.isspace() or char in "\"'<>\\" for char in url):
        raise field_error("must not contain spaces, quotes or angle brackets", "file")
    if not url.startswith("/"):
        try:
            split_url(url)
        except PydanticCustomError as exc:
            raise field_error("{problem}", "file", problem=exc.message()) from None
    if _extension(url) not in VIDEO_TYPES:
        raise field_error("must be an .mp4 or .webm file", "file")
