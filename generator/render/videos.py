"""Videos behind a click-to-load facade: the page shows the poster (responsive, from
the image pipeline) and a play link; the player is fetched only when the visitor plays.

YouTube videos play from youtube-nocookie.com, YouTube's privacy-enhanced mode: it
stores no cookies for a visitor who only sees the page, and the facade loads nothing
from it before the click. Vimeo plays with `dnt=1`, which stops Vimeo from tracking
the session. The facade says, before the click, which vendor the video loads from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import jsonld
from ..models.video import Video, VideoKind
from .views import markdown

if TYPE_CHECKING:
    from .views import PageBuilder

VENDORS: dict[VideoKind, tuple[str, str, str]] = {
    "youtube": (
        "YouTube",
        "https://www.youtube-nocookie.com/embed/{id}",
        "https://www.youtube.com/watch?v={id}",
    ),
    "vimeo": ("Vimeo", "https://player.vimeo.com/video/{id}?dnt=1", "https://vimeo.com/{id}"),
}
"""Name, player URL and watch page of each video host."""
POSTER_WIDTH = 960
"""The poster of the <video> a file video becomes on the click: one URL, so a size
that suits most screens."""


def video_views(b: PageBuilder, videos: list[Video]) -> list[dict[str, Any]]:
    """What the video macro shows of each video, in the page's language."""
    views = []
    for video in videos:
        title = b.text(video.title)
        # The poster is the play link's picture, so its alt text is the link's name.
        poster = b.image(video.poster, b.t("Play video: %(title)s", title=title).striptags())
        view = {
            "kind": video.kind,
            "title": title,
            "description": b.text(video.description),
            "poster": poster,
            "duration": jsonld.iso_duration(video.duration),
            "transcript": markdown(b.text(video.transcript)) if video.transcript else None,
        }
        if video.kind == "file":
            assert video.file is not None  # the model requires it
            view.update(file=video.file, type=video.mime_type, poster_src=_poster_src(b, video.poster))
        else:
            name, player, watch = VENDORS[video.kind]
            embed = player.format(id=video.id)
            autoplay = embed + ("&" if "?" in embed else "?") + "autoplay=1"  # the click was the play
            view.update(vendor=name, embed=embed, autoplay=autoplay, watch=watch.format(id=video.id))
        views.append(view)
    return views


def video_nodes(b: PageBuilder, videos: list[Video], views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One VideoObject per video, with absolute URLs."""
    nodes = []
    for video, view in zip(videos, views, strict=True):
        content = b.routes.absolute(video.file) if video.file and video.file.startswith("/") else video.file
        nodes.append(
            jsonld.video_object(
                view["title"],
                view["description"],
                view["poster"]["url"],
                video.upload_date,
                video.duration,
                content,
                view.get("embed"),
            )
        )
    return nodes


def _poster_src(b: PageBuilder, src: str) -> str:
    """The largest fallback rendition no wider than POSTER_WIDTH (else the smallest)."""
    candidates = []
    for entry in b.data.images[src].srcset.split(", "):
        url, width = entry.rsplit(" ", 1)
        candidates.append((int(width.rstrip("w")), url))
    fitting = [c for c in candidates if c[0] <= POSTER_WIDTH] or [min(candidates)]
    return max(fitting)[1]
