"""How an uploaded evidence file goes to the browser: shown in a tab (images, PDF) or downloaded.

The file's type is the one the upload check recorded (`checks.check_upload`: the extension must be
on the allow-list and the first bytes must match it), never the name or type the client sent.
Only PNG, JPEG, GIF and PDF may be shown inline; Office documents, OFD and anything unexpected
are always attachments, and a recorded type that is not on the allow-list is sent as
application/octet-stream, so the browser never renders HTML, SVG or script from an upload.

Every response carries the same headers, inline or not (`HEADERS`), chosen by trying them with a
real PDF in the Debian chromium 156 that tests/browser drives (tests/browser/test_evidence_view.py):

- Content-Security-Policy `sandbox`: the document gets a unique opaque origin, no script, no
  forms, no popups, so even a file that some browser decided to render as a page could not act
  as zwgk or read its cookies. It is often said to stop Chrome's PDF viewer, but it does
  not in chromium 156: the viewer (an out-of-process frame of the built-in PDF extension) shows
  the PDF with it, with `default-src 'none'` (so `object-src 'none'`), with `frame-ancestors
  'none'` and X-Frame-Options: DENY, and also with the older in-process viewer
  (--disable-features=PdfOopif). So we keep it for PDFs too. Should a browser version refuse
  the PDF, the 下载 link still works; the browser test fails first if chromium changes.
- `default-src 'none'; img-src 'self'`: a file may load nothing, except that an image document
  shows the image itself.
- `frame-ancestors 'none'` (and X-Frame-Options: DENY from the middleware): no site may frame a
  file to dress it up as something else.
- X-Content-Type-Options: nosniff: the browser keeps to the Content-Type, never guesses HTML.
- Cross-Origin-Resource-Policy: same-origin: another site cannot pull a file in with <img> or
  <embed> on the signed-in person's behalf.
- Cache-Control: private: the files are behind a scope check, so no shared proxy may keep them.
"""
from __future__ import annotations

from django.http import FileResponse

from zwgk.evidence.checks import ALLOWED, IMAGES

IMAGE_TYPES = frozenset(ALLOWED[ext][0] for ext in IMAGES)
PDF_TYPE = ALLOWED["pdf"][0]
# What a browser may show itself: raster images and PDF (shown by the browser's own PDF viewer).
VIEWABLE_TYPES = IMAGE_TYPES | {PDF_TYPE}
KNOWN_TYPES = frozenset(content_type for content_type, _ in ALLOWED.values())

CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox"
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private",
}


def is_image(evidence) -> bool:
    return evidence.content_type in IMAGE_TYPES


def viewable(evidence) -> bool:
    """Whether the browser may show this file in a tab: a checked image or PDF."""
    return bool(evidence.file) and evidence.content_type in VIEWABLE_TYPES


def file_response(evidence, *, inline: bool) -> FileResponse:
    """The file with `HEADERS`; inline only when asked for and `viewable`, else an attachment."""
    inline = inline and viewable(evidence)
    content_type = evidence.content_type if evidence.content_type in KNOWN_TYPES else "application/octet-stream"
    response = FileResponse(evidence.file.open("rb"), as_attachment=not inline, filename=evidence.name,
                            content_type=content_type)
    for header, value in HEADERS.items():
        response[header] = value
    return response
