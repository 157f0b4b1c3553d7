"""Recognises what is not text: data URLs, links to images or files, base64 blobs, attachment fields.

Why refuse them at the edge: the assistant never needs the image, and an image of
a minor must not reach the NLU, the logs or the conversation database. Such a
message is answered kindly and dropped, not stored.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

# data:image/png;base64,...  data:application/pdf,...  (any media type)
_DATA_URL = re.compile(r"\bdata:[a-z]+/[a-z0-9.+-]+[;,]", re.I)
_FILE_EXTENSIONS = (
    "jpg|jpeg|jpe|jfif|png|gif|webp|heic|heif|bmp|tif|tiff|svg|avif|ico|raw|dng"
    "|mp4|m4v|mov|avi|wmv|webm|mkv|3gp|flv|mp3|m4a|ogg|opus|wav|aac"
    "|pdf|zip|rar|7z|tar|gz|doc|docx|odt|ppt|pptx|xls|xlsx|apk|exe"
)
# A link (scheme or www. or a host with a dot) whose path ends with a file extension.
_FILE_LINK = re.compile(
    r"(?:https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/)\S*?\.(?:" + _FILE_EXTENSIONS + r")(?:[?#]\S*)?(?=$|[\s)\]}>\"'.,;!])",
    re.I,
)
# Hosts whose links are images or file transfers, whatever the path.
IMAGE_HOSTS = (
    "imgur.com", "ibb.co", "imgbb.com", "postimg.cc", "postimages.org", "prnt.sc", "prntscr.com", "gyazo.com",
    "pbs.twimg.com", "cdn.discordapp.com", "media.discordapp.net", "googleusercontent.com", "photos.app.goo.gl",
    "photos.google.com", "drive.google.com", "dropbox.com", "dropboxusercontent.com", "wetransfer.com", "we.tl",
    "mega.nz", "mega.io", "i.redd.it", "cdninstagram.com", "fbcdn.net", "tinypic.com", "flickr.com",
    "staticflickr.com", "imageshack.com", "pixhost.to", "catbox.moe", "files.catbox.moe", "snipboard.io",
    "lightshot.com", "1drv.ms", "onedrive.live.com", "icloud.com", "transfer.sh", "file.io", "gofile.io",
)
_HOST_LINK = re.compile(
    r"(?:https?://|www\.|(?<![\w.@-]))(?:[a-z0-9-]+\.)*(?:" + "|".join(re.escape(h) for h in IMAGE_HOSTS) + r")(?:[/:?#]|$|\s)",
    re.I,
)
# A run of base64 long enough to be a file, not a word or a normal link.
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{120,}={0,2}")
# Base64 openings of common image files (JPEG, PNG, GIF, WebP/RIFF, PDF).
_BASE64_MAGIC = re.compile(r"(?:/9j/|iVBORw0KGgo|R0lGOD|UklGR|JVBERi0)[A-Za-z0-9+/]{40,}")

ATTACHMENT_FIELDS = frozenset({
    "attachment", "attachments", "file", "files", "image", "images", "img", "photo", "photos", "picture",
    "media", "video", "videos", "audio", "voice", "document", "documents", "blob", "data_url", "dataurl",
    "upload", "uploads", "sticker", "gif",
})


def _looks_like_base64(run: str) -> bool:
    """Mixed case and digits: a file, not a long word or a row of one character."""
    return (any(c.islower() for c in run) and any(c.isupper() for c in run)
            and any(c.isdigit() for c in run) and len(set(run)) > 16)


def text_is_not_text(text: str) -> bool:
    """True when a message carries an image or file instead of words."""
    if _DATA_URL.search(text) or _FILE_LINK.search(text) or _HOST_LINK.search(text) or _BASE64_MAGIC.search(text):
        return True
    return any(_looks_like_base64(m.group(0)) for m in _BASE64_RUN.finditer(text))


def has_attachment_fields(payload: Mapping[str, Any]) -> bool:
    """A body (or its message or metadata object) with an attachment-like field."""
    for container in (payload, payload.get("message"), payload.get("metadata")):
        if isinstance(container, Mapping) and any(
            isinstance(key, str) and key.lower() in ATTACHMENT_FIELDS for key in container
        ):
            return True
    return False
