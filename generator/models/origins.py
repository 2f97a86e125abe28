"""URLs from `site.yaml` that end up in the host's headers: the inquiry endpoint and
the third-party origins a site adds to its Content-Security-Policy.

A header value is a list of tokens separated by spaces and `;`, so a URL pasted into
it as written can add directives of its own (`https://x;script-src 'unsafe-inline'`).
Every such URL is therefore parsed here, checked strictly (https only, a plain host
name, no user name, no characters that mean something in a policy) and reduced to an
`Origin`; the policy is built from origins, never from the text a user typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError, Url, ValidationError

from .base import StrictModel, printable

LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_NAME = re.compile(rf"{LABEL}(?:\.{LABEL})*")
IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}")
PERCENT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
FORBIDDEN = frozenset("'\"<>\\^`{|};,")
"""Characters a URL never holds as written (RFC 3986) and those that quote or
separate sources and directives in a policy header."""
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port: all a policy needs to know of a URL. `host` may start
    with `*.` (any subdomain), as CSP host sources allow."""

    scheme: str
    host: str
    port: int | None = None

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}" + (f":{self.port}" if self.port else "")


def _fail(message: str, text: str, **context: str) -> PydanticCustomError:
    return PydanticCustomError("url", "'{url}' " + message, {"url": printable(text), **context})


def _check_characters(text: str) -> None:
    for char in text:
        if char.isspace() or unicodedata.category(char)[0] in "CZ":
            raise _fail("must not contain spaces or control characters", text)
        if char in FORBIDDEN:
            raise _fail("must not contain {char}", text, char=repr(char))
    if PERCENT_ESCAPE.search(text):
        raise _fail("has a % that does not start a %XX escape", text)


def _ascii_host(host: str, text: str) -> str:
    """The host as a browser sends it: lowercase, international names in punycode."""
    if host.startswith("["):
        raise _fail("must name a host; IPv6 addresses cannot be used in a Content-Security-Policy", text)
    if "%" in host or not host:
        raise _fail("is not a valid host name", text)
    try:
        ascii_host = Url(f"https://{host}/").host or ""
    except ValidationError:
        raise _fail("is not a valid host name", text) from None
    if not (HOST_NAME.fullmatch(ascii_host) or IPV4.fullmatch(ascii_host)) or len(ascii_host) > 253:
        raise _fail("is not a valid host name (letters, digits, - and . only)", text)
    return ascii_host


def split_url(text: str, *, wildcard: bool = False) -> tuple[Origin, str]:
    """An https URL as its origin and the rest (path, query and fragment); raises
    PydanticCustomError naming the problem. `wildcard` allows a `*.` host prefix."""
    _check_characters(text)
    scheme, separator, rest = text.partition("://")
    if not separator:
        written = SCHEME.match(text)
        if written and written.group().lower() != "https:":
            raise _fail("must be an https:// URL, not a {scheme} URL", text, scheme=written.group().lower())
        raise _fail("must be an https:// URL", text)
    if scheme.lower() != "https":
        raise _fail("must use https://, not {scheme}://", text, scheme=scheme.lower())
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    remainder = rest[len(authority) :]
    if "@" in authority:
        raise _fail("must not contain a user name or password", text)
    host, port = authority, None
    if ":" in authority and not authority.endswith("]"):
        host, _, digits = authority.rpartition(":")
        if not digits.isdigit() or not 0 < int(digits) < 65536:
            raise _fail("has an invalid port", text)
        port = None if int(digits) == 443 else int(digits)
    prefix = ""
    if wildcard and host.startswith("*."):
        prefix, host = "*.", host[2:]
        if "." not in host:
            raise _fail("must keep at least two labels after *., e.g. https://*.example.com", text)
    if "*" in host and wildcard:
        raise _fail("may use * only as the first label, e.g. https://*.example.com", text)
    if "*" in host:
        raise _fail("must name one host, without *", text)
    return Origin("https", prefix + _ascii_host(host, text), port), remainder


def parse_origin(value: Any) -> Origin:
    """A CSP host source from site.yaml: an https origin, nothing more."""
    if not isinstance(value, str):
        raise PydanticCustomError("url", "expected an https:// origin, e.g. https://www.example.com")
    text = value.strip()
    if text.startswith("'"):
        raise _fail("is a keyword; only https origins can be added, inline script stays blocked", text)
    origin, remainder = split_url(text, wildcard=True)
    if remainder not in ("", "/"):
        raise _fail("must be an origin (scheme and host), without path, query or fragment", text)
    return origin


def _check_endpoint(text: str) -> str:
    """An https URL or a path on the site; returned with the host in punycode."""
    if text.startswith("//"):
        raise _fail("must be a path starting with one /, or an https:// URL", text)
    if text.startswith("/"):
        _check_characters(text)
        origin, remainder = "", text
    else:
        parsed, remainder = split_url(text)
        origin = str(parsed)
    if "#" in remainder:
        raise _fail("must not have a #fragment: a form posts none", text)
    return origin + remainder


def endpoint_origin(endpoint: str) -> Origin | None:
    """The origin a validated endpoint posts to; None for a path on the site itself."""
    return None if endpoint.startswith("/") else split_url(endpoint)[0]


ORIGIN_PATTERN = r"^https://(\*\.)?[^\s/?#@'\";,*]+(:\d+)?/?$"

CspSource = Annotated[
    Origin,
    PlainValidator(parse_origin),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": ORIGIN_PATTERN,
            "description": "An https origin, e.g. https://www.googletagmanager.com or https://*.example.com",
        }
    ),
]
FormEndpoint = Annotated[
    str,
    AfterValidator(_check_endpoint),
    Field(description="URL the inquiry form posts to: an https:// URL or a path on the site"),
]


def _origins(description: str) -> Any:
    return Field(default_factory=list, description=description)


class ContentSecurityPolicy(StrictModel):
    """Origins of the third-party services a site really uses, added to the directives
    of the policy in `_headers`. Each entry is an https origin (`https://*.example.com`
    for every subdomain); keywords such as 'unsafe-inline' cannot be added."""

    script_src: list[CspSource] = _origins("Scripts, e.g. a tag manager or chat widget")
    style_src: list[CspSource] = _origins("Style sheets, e.g. a font service's CSS")
    img_src: list[CspSource] = _origins("Images, e.g. an analytics pixel")
    font_src: list[CspSource] = _origins("Web fonts")
    connect_src: list[CspSource] = _origins("fetch/XHR/beacon targets, e.g. an analytics collector")
    frame_src: list[CspSource] = _origins("Embedded frames, e.g. https://www.youtube-nocookie.com")
    media_src: list[CspSource] = _origins("Audio and video files")

    @field_validator("*")
    @classmethod
    def sorted_and_unique(cls, origins: list[Origin]) -> list[Origin]:
        """The same header for the same set, whatever the order in site.yaml."""
        return sorted(set(origins), key=str)

    def directives(self) -> dict[str, list[Origin]]:
        """Directive name (`script-src`) → the origins added to it."""
        return {name.replace("_", "-"): getattr(self, name) for name in type(self).model_fields}


class Security(StrictModel):
    csp: ContentSecurityPolicy = Field(default_factory=ContentSecurityPolicy)
